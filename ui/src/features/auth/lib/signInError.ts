import type { ApiError } from '../../../lib/api';

/** What a person reads when sign-in fails, by what went wrong. */
export function signInErrorMessage(error: ApiError): string {
  if (error.status === 0) {
    return `${error.message} Check that the server is running.`;
  }
  if (error.status === 401) {
    return 'The email or password is wrong.';
  }
  if (error.status === 429) {
    return `${error.message}`;
  }
  if (error.status === 400) {
    return error.message;
  }
  return `Sign-in failed: ${error.message}`;
}
