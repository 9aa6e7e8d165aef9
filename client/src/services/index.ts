import { api } from './api';
import { createAuthService } from './auth';

export { api };
export const auth = createAuthService(api);
export { messageOf, ApiError } from './api-error';
export { getUser, subscribeUser, onSignedOut } from './session';
