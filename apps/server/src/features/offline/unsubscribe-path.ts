/** The link in every visitor mail that forgets the visitor's address. */
export const UNSUBSCRIBE_PATH = '/api/v1/email/unsubscribe';
