import { createHash } from 'node:crypto';

/** A deployed resource's content fingerprint: equal content, equal checksum (Zeebe's duplicate check). */
export const checksum = (text: string): string => createHash('sha256').update(text).digest('hex');
