/**
 * The port takes any non-empty string as a jobId; BullMQ refuses custom ids that look like integers
 * (they would collide with its own counter ids) or contain ':' (its key separator). Such ids, and
 * any id that already starts with the escape mark, are stored base64url-encoded behind the mark;
 * every other id is stored as it is, so ids stay readable in Redis tools. The mapping is one-to-one,
 * which is what dedupe by id needs.
 */
const MARK = 'b64.';

export function toBullId(id: string): string {
  const needsEscape = id.includes(':') || `${Number.parseInt(id, 10)}` === id || id.startsWith(MARK);
  return needsEscape ? MARK + Buffer.from(id, 'utf8').toString('base64url') : id;
}

export function fromBullId(bullId: string): string {
  return bullId.startsWith(MARK) ? Buffer.from(bullId.slice(MARK.length), 'base64url').toString('utf8') : bullId;
}
