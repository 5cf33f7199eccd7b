import type { BrowserPort, PopupWatch } from './effect-runner';

/** The message a popup's callback page posts to its opener. */
export const CALLBACK_MESSAGE = 'token-playground:callback';

/**
 * The real browser: same-tab navigation, and a popup whose callback page hands its URL back
 * (same origin and same window only); a popup closed without a callback is reported after a
 * short grace period, so that a message posted just before closing still arrives.
 */
export function createBrowserPort(win: Window): BrowserPort {
  return {
    navigate: (url) => win.location.assign(url),
    openPopup(url) {
      const popup = win.open(url, 'token-playground-authorize', 'popup,width=560,height=720');
      return popup ? watchPopup(win, popup) : undefined;
    },
  };
}

function watchPopup(win: Window, popup: Window): PopupWatch {
  return {
    watch(onCallback, onClosed) {
      let grace: ReturnType<typeof setTimeout> | undefined;
      const onMessage = (event: MessageEvent<unknown>) => {
        if (event.origin !== win.location.origin || event.source !== popup) return;
        const data = event.data as { type?: unknown; url?: unknown } | null;
        if (data?.type !== CALLBACK_MESSAGE || typeof data.url !== 'string') return;
        stop();
        onCallback(data.url);
      };
      const closedWatch = setInterval(() => {
        if (!popup.closed) return;
        clearInterval(closedWatch);
        grace = setTimeout(() => {
          stop();
          onClosed();
        }, 300);
      }, 400);
      const stop = () => {
        win.removeEventListener('message', onMessage);
        clearInterval(closedWatch);
        if (grace !== undefined) clearTimeout(grace);
      };
      win.addEventListener('message', onMessage);
      return stop;
    },
  };
}
