/**
 * Every Socket.IO room name, in one place: rooms (not socket lists) reach tabs on other nodes
 * through the adapter, so a name spelled twice differently would silently split a broadcast.
 */

/** One session's sockets: its visitor's tabs on `/widget`, the agents who joined on `/admin`. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** Every open widget of one widget configuration (live config updates). */
export const widgetRoom = (widgetId: string) => `widget:${widgetId}`;
/** Every connection of one visitor (closed when the visitor is banned). */
export const visitorRoom = (visitorId: string) => `visitor:${visitorId}`;
/**
 * Every `/widget` connection from one client address, as bans and limits count it
 * (`clientAddressKey`: an IPv6 address's /64); closed when the address is banned.
 */
export const addressRoom = (addressKey: string) => `address:${addressKey}`;
/** Every `/admin` socket of one staff user, whichever node it is on. */
export const userRoom = (userId: string) => `user:${userId}`;
/** Every staff socket: the live inbox. */
export const STAFF_ROOM = 'staff';
/** Staff sockets of agents who are not away: who can answer visitors now (presence). */
export const AVAILABLE_ROOM = 'staff:available';
