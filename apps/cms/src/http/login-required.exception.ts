/** Thrown by guards when nobody is logged in: pages redirect to /login?next=…, the API answers 401. */
export class LoginRequiredException extends Error {
  override readonly name = 'LoginRequiredException';

  constructor() {
    super('You need to log in first.');
  }
}
