/** Events on the bus, on /api/events and window.officina.on. Their names are a contract (workflow triggers). */
export type OfficinaEvent =
  | { type: 'record.changed'; entity: string; id: number | string; action: 'created' | 'updated' | 'deleted' }
  | { type: 'activity.recorded'; id: number }
  | { type: 'settings.changed' }
  | { type: 'permissions.changed' };

export type OfficinaEventType = OfficinaEvent['type'];
