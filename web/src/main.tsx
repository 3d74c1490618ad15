import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { WebRuntimeConfig } from './api/types';
import { App } from './App';
import { SessionProvider } from './session/SessionProvider';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

/** Where the APIs are comes from the server at run time (one build for every environment). */
fetch('/config.json')
  .then(async (response) => {
    if (!response.ok) throw new Error(`config.json answered ${response.status}`);
    return (await response.json()) as WebRuntimeConfig;
  })
  .then((config) => {
    root.render(
      <StrictMode>
        <SessionProvider config={config}>
          <App />
        </SessionProvider>
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(
      <p className="notice error" role="alert">
        The helpdesk could not start: {String(error)}. Reload the page to try again.
      </p>,
    );
  });
