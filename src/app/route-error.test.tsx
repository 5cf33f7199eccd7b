// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, MemoryRouter, useLocation, useRoutes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RouteErrorBoundary } from './route-error';

afterEach(cleanup);

function Broken(): never {
  throw new TypeError('x is undefined');
}

function Pages() {
  const { pathname } = useLocation();
  const page = useRoutes([
    { path: '/broken', element: <Broken /> },
    { path: '/', element: <h1>Home</h1> },
  ]);
  return (
    <>
      <Link to="/">Home link</Link>
      <RouteErrorBoundary pathname={pathname}>{page}</RouteErrorBoundary>
    </>
  );
}

describe('RouteErrorBoundary', () => {
  it('shows what broke and clears the error once the address changes', async () => {
    // React reports the caught error to the console; keep the test output quiet.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <MemoryRouter initialEntries={['/broken']}>
        <Pages />
      </MemoryRouter>,
    );
    expect(screen.getByRole('heading', { name: 'Something broke on this page' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('TypeError: x is undefined');
    await userEvent.click(screen.getByRole('link', { name: 'Home link' }));
    expect(await screen.findByRole('heading', { name: 'Home' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
