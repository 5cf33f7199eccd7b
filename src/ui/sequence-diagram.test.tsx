// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SequenceDiagram, type SequenceMessage, type SequenceParticipant } from '@/ui/sequence-diagram';
import { BOLD_GLYPH_WIDTH, fitWordsFontSize, wrapText } from '@/ui/wrap-text';

afterEach(() => {
  cleanup();
});

const participants: SequenceParticipant[] = [
  { id: 'browser', label: 'Browser' },
  { id: 'client', label: 'Client (this app)', description: 'The playground itself' },
  { id: 'as', label: 'Authorization server' },
];

const messages: SequenceMessage[] = [
  {
    id: 'm1',
    from: 'client',
    to: 'browser',
    label: 'Redirect to authorize',
    status: 'done',
    kind: 'redirect',
  },
  { id: 'm2', from: 'browser', to: 'as', label: 'Authorize request', status: 'done', kind: 'request' },
  {
    id: 'm3',
    from: 'client',
    to: 'as',
    label: 'Token request',
    status: 'failed',
    failureReason: 'invalid_grant: code already used',
  },
  { id: 'm4', from: 'as', to: 'client', label: 'Tokens', status: 'current', kind: 'response' },
  { id: 'm5', from: 'client', to: 'client', label: 'Validate ID token', status: 'pending' },
];

describe('SequenceDiagram', () => {
  it('draws one lane per participant and one arrow per message', () => {
    const { container } = render(<SequenceDiagram participants={participants} messages={messages} />);
    expect(container.querySelectorAll('[data-lane]')).toHaveLength(3);
    expect(container.querySelectorAll('[data-message]')).toHaveLength(5);
    expect(
      [...container.querySelectorAll('[data-message]')].map((node) => node.getAttribute('data-status')),
    ).toEqual(['done', 'done', 'failed', 'current', 'pending']);
    const laneLabels = [...container.querySelectorAll('[data-lane] text')].map((node) => node.textContent);
    expect(laneLabels).toEqual(['Browser', 'Client (this app)', 'Authorization server']);
  });

  it('dashes responses and redirects but not requests', () => {
    const { container } = render(<SequenceDiagram participants={participants} messages={messages} />);
    const dash = (id: string) =>
      container.querySelector(`[data-message="${id}"] path`)?.getAttribute('stroke-dasharray') ?? null;
    expect([dash('m1'), dash('m2'), dash('m4')]).toEqual(['8 6', null, '8 6']);
  });

  it('lists the steps in order with their status in words, and hides the picture when not interactive', () => {
    const { container } = render(<SequenceDiagram participants={participants} messages={messages} />);
    const items = within(screen.getByRole('list', { name: /steps in order/ })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'Redirect to authorize (Client (this app) → Browser): done',
      'Authorize request (Browser → Authorization server): done',
      'Token request (Client (this app) → Authorization server): failed — invalid_grant: code already used',
      'Tokens (Authorization server → Client (this app)): in progress',
      'Validate ID token (Client (this app), internal): not started',
    ]);
    expect(items[3]?.getAttribute('aria-current')).toBe('step');
    expect(container.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('shows the failure reason under a failed arrow', () => {
    const { container } = render(<SequenceDiagram participants={participants} messages={messages} />);
    const texts = [...container.querySelectorAll('[data-message="m3"] text')].map((node) => node.textContent);
    expect(texts).toEqual(['✗ Token request', 'invalid_grant: code already used']);
  });

  it('draws a bracket around consecutive loop messages', () => {
    const polling: SequenceMessage[] = [
      { id: 'p0', from: 'client', to: 'as', label: 'Device authorization', status: 'done' },
      {
        id: 'p1',
        from: 'client',
        to: 'as',
        label: 'Poll',
        status: 'done',
        kind: 'loop',
        loopLabel: 'every 5 s',
      },
      { id: 'p2', from: 'as', to: 'client', label: 'authorization_pending', status: 'current', kind: 'loop' },
      { id: 'p3', from: 'as', to: 'client', label: 'Tokens', status: 'pending' },
    ];
    const { container } = render(<SequenceDiagram participants={participants} messages={polling} />);
    const loops = container.querySelectorAll('[data-loop]');
    expect(loops).toHaveLength(1);
    expect(loops[0]?.textContent).toBe('loop: every 5 s');
  });

  it('brackets messages of any kind that share a loop label, and wraps a long label to the width', () => {
    const label = 'claims challenge: authorize again with the claims the API asked for, until it accepts';
    const loop: SequenceMessage[] = [
      {
        id: 'r',
        from: 'api',
        to: 'client',
        label: '401 insufficient_claims',
        status: 'done',
        kind: 'response',
      },
      {
        id: 'a',
        from: 'client',
        to: 'as',
        label: 'Authorize',
        status: 'done',
        kind: 'redirect',
        loopLabel: label,
      },
      {
        id: 'b',
        from: 'as',
        to: 'client',
        label: 'Tokens',
        status: 'done',
        kind: 'response',
        loopLabel: label,
      },
      { id: 'c', from: 'client', to: 'api', label: 'Call again', status: 'pending', loopLabel: label },
      { id: 'd', from: 'client', to: 'as', label: 'Logout', status: 'pending' },
    ];
    const { container } = render(
      <SequenceDiagram participants={participants} messages={loop} size="normal" />,
    );
    const loops = container.querySelectorAll('[data-loop]');
    expect(loops).toHaveLength(1);
    expect(loops[0]?.textContent).toBe(`loop: ${label}`);
    // The bracket's messages keep their own line style: the redirect and the answer are dashed.
    expect(container.querySelector('[data-message="a"] path')?.getAttribute('stroke-dasharray')).toBe('8 6');
    const top = Number(loops[0]?.querySelector('rect')?.getAttribute('y'));
    const bottom = top + Number(loops[0]?.querySelector('rect')?.getAttribute('height'));
    const arrowTop = (id: string) =>
      Number(container.querySelector(`[data-message="${id}"] rect`)?.getAttribute('y'));
    expect(arrowTop('r')).toBeLessThan(top);
    expect(arrowTop('a')).toBeGreaterThan(top);
    expect(arrowTop('c')).toBeLessThan(bottom);
    expect(arrowTop('d')).toBeGreaterThan(bottom);
    expect(screen.getByText(/Call again/, { selector: 'li span' }).closest('li')?.textContent).toContain(
      `in the loop “${label}”`,
    );
  });

  it('wraps a loop label that is wider than the picture', () => {
    const label = 'a long loop condition '.repeat(8).trim();
    const { container } = render(
      <SequenceDiagram
        participants={participants}
        messages={[{ id: 'a', from: 'client', to: 'as', label: 'A', status: 'done', loopLabel: label }]}
      />,
    );
    const text = container.querySelector('[data-loop] text');
    expect(text?.querySelectorAll('tspan').length).toBeGreaterThan(1);
    expect(text?.textContent).toBe(`loop: ${label}`);
  });

  it('adds a lane for a participant the messages name but the list lacks', () => {
    const { container } = render(
      <SequenceDiagram
        participants={participants}
        messages={[{ id: 'x', from: 'client', to: 'api', label: 'GET /me', status: 'pending' }]}
      />,
    );
    expect(container.querySelectorAll('[data-lane]')).toHaveLength(4);
  });

  it('makes every arrow a button that Enter, Space and a click select', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(
      <SequenceDiagram participants={participants} messages={messages} onSelect={onSelect} selectedId="m2" />,
    );
    const buttons = screen.getAllByRole('button');
    expect(buttons).toHaveLength(5);
    expect(buttons[2]?.getAttribute('aria-label')).toBe(
      'Step 3: Token request, Client (this app) to Authorization server, failed: invalid_grant: code already used',
    );
    expect(buttons[1]?.getAttribute('aria-pressed')).toBe('true');
    await user.tab();
    expect(document.activeElement).toBe(buttons[0]);
    await user.keyboard('{Enter}');
    await user.tab();
    await user.keyboard(' ');
    await user.click(buttons[3]!);
    expect(onSelect.mock.calls).toEqual([['m1'], ['m2'], ['m4']]);
    expect(screen.getByRole('group', { name: 'Sequence diagram' })).toBeTruthy();
  });

  it('renders provider-supplied labels as text, never as markup', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const { container } = render(
      <SequenceDiagram
        participants={[
          { id: 'a', label: hostile },
          { id: 'b', label: 'B' },
        ]}
        messages={[{ id: 'h', from: 'a', to: 'b', label: hostile, status: 'failed', failureReason: hostile }]}
        size="large"
      />,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(
      within(screen.getByRole('list', { name: /steps in order/ })).getByRole('listitem').textContent,
    ).toContain(hostile);
  });

  it('draws a message through the lane it travels by, with a mark on that lane and in words', () => {
    const { container } = render(
      <SequenceDiagram
        participants={[...participants, { id: 'user', label: 'User' }]}
        messages={[
          {
            id: 'r',
            from: 'client',
            to: 'as',
            via: 'browser',
            label: 'Authorize',
            status: 'done',
            kind: 'redirect',
          },
        ]}
        onSelect={() => undefined}
      />,
    );
    const path = container.querySelector('[data-message="r"] path')?.getAttribute('d') ?? '';
    // Out to the browser lane, down, then across to the authorization server.
    expect(path).toMatch(/^M [\d.]+ [\d.]+ H [\d.]+ V [\d.]+ H [\d.]+$/);
    expect(container.querySelector('[data-message="r"] circle')).not.toBeNull();
    expect(screen.getByRole('button').getAttribute('aria-label')).toBe(
      'Step 1: Authorize, Client (this app) to Authorization server through Browser, done',
    );
    expect(screen.getByRole('list', { name: 'Legend' }).textContent).toContain('passes through the browser');
  });

  it('wraps long labels into lines instead of cutting them', () => {
    const long = 'Token request (authorization_code) with a very long explanation that cannot fit';
    const { container } = render(
      <SequenceDiagram
        participants={participants}
        messages={[{ id: 'l', from: 'client', to: 'as', label: long, status: 'pending' }]}
      />,
    );
    const text = container.querySelector('[data-message="l"] text');
    expect(text?.querySelectorAll('tspan').length).toBeGreaterThan(1);
    expect(text?.textContent).toBe(long);
    expect(container.textContent).not.toContain('…');
  });
});

describe('wrapText', () => {
  it.each([
    ['Authorization request (redirect)', 80, 14],
    ['Authorization server', 60, 14],
    ['supercalifragilisticexpialidocious-without-spaces', 50, 12],
    ['', 100, 14],
    ['short', 500, 20],
  ])('keeps every character of %j and no line wider than %i px', (text, width, fontSize) => {
    const lines = wrapText(text, width, fontSize);
    expect(lines.join('')).toBe(text);
    const maxChars = Math.max(3, Math.floor(width / (fontSize * 0.6)));
    for (const line of lines) expect(line.trimEnd().length).toBeLessThanOrEqual(maxChars);
  });
});

describe('fitWordsFontSize', () => {
  it.each([
    // label, lane width, normal size, expected size
    ['Authorization server', 200, 14, 14],
    ['Authorization server', 80, 14, 9.8],
    ['Authorization server', 100, 14, 12],
    ['Browser', 40, 14, 9.8],
    ['', 100, 14, 14],
  ])('%j in %i px at %i px gets %f px', (label, width, fontSize, expected) => {
    expect(fitWordsFontSize(label, width, fontSize)).toBe(expected);
  });

  it('lets a lane title wrap between words where the smaller size fits its longest word', () => {
    const width = 100;
    const size = fitWordsFontSize('Authorization server', width, 14);
    expect('Authorization'.length * size * BOLD_GLYPH_WIDTH).toBeLessThanOrEqual(width);
    expect(wrapText('Authorization server', width, size, true)).toEqual(['Authorization ', 'server']);
  });
});
