// Text helpers shared by the importers (internal: not re-exported from index.ts).

/**
 * Lowercase slug of `value`: letters and digits kept (accents folded), every other run of
 * characters becomes one `-`, no leading or trailing `-`, at most `maxLength` characters.
 * Returns `''` when nothing usable is left.
 */
export function slugify(value: string, maxLength = 64): string {
  const folded = value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let out = '';
  let dash = false;
  for (const char of folded.toLowerCase()) {
    if (out.length >= maxLength) break;
    if ((char >= 'a' && char <= 'z') || (char >= '0' && char <= '9')) {
      if (dash && out.length > 0) out += '-';
      out += char;
      dash = false;
    } else {
      dash = true;
    }
  }
  return out.slice(0, maxLength).replace(/-+$/, '');
}

/** At most `max` UTF-16 code units of `value`, never splitting a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let cut = max;
  const code = value.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return value.slice(0, cut);
}

/** A short, printable rendering of any value for warnings (at most 120 characters). */
export function preview(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 120 ? `${truncate(text, 117)}...` : text;
}
