// Defaults of a workshop room, in a module without dependencies so the CLI can print its usage fast.
export const DEFAULT_ROOM_PORT = 4100;
export const DEFAULT_ATTENDEES = 30;
export const MAX_ATTENDEES = 999;
