// Defaults of a workshop room, in a module without dependencies so the CLI can print its usage fast.
export const DEFAULT_ROOM_PORT = 4100;
export const DEFAULT_ATTENDEES = 30;
export const MAX_ATTENDEES = 999;
/** At most this many self-service accounts are created per minute in the whole room. */
export const SELF_JOIN_PER_MINUTE = 20;
