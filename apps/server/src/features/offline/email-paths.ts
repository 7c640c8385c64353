/** The link in every visitor mail that stops mail to the visitor. */
export const UNSUBSCRIBE_PATH = '/api/v1/email/unsubscribe';
/** The link that confirms the address a visitor left in the chat. */
export const CONFIRM_PATH = '/api/v1/email/confirm';
