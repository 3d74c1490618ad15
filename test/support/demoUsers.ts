/** The demo accounts `npm start` and the test platform seed (development passwords). */
export const ADMIN = { email: 'admin@helpdesk.local', password: 'admin-dev-password' };
export const REQUESTER = { email: 'requester1@helpdesk.local', password: 'requester-dev-password' };
/** A second requester (the password-reset test changes this one's password). */
export const FORGETFUL = { email: 'requester2@helpdesk.local', password: 'requester-dev-password' };
export const AGENT_PASSWORD = 'agent-dev-password';
