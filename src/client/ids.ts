/** Ids of saved messages: unique within this profile, sortable by creation. */
let idCounter = 0;
export const newId = (): string => `${Date.now().toString(36)}-${(idCounter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
