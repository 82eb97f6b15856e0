/**
 * The id a persona gets from its name when it sets none:
 * "Cost Optimization" → `cost-optimization`.
 */
export function slugify(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return asciiSlug(name);
  return asciiSlug(name.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''));
}

/**
 * The slug of text whose accents are gone: lower case, every run of other
 * characters than `a-z0-9` one `-`, none at either end. A loop rather than
 * regular expressions: it runs on every persona without an id, and each
 * expression would cost a compile on a cold start.
 */
function asciiSlug(text: string): string {
  let out = '';
  let gap = false;
  for (const c of text.toLowerCase()) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (gap && out) out += '-';
      out += c;
      gap = false;
    } else gap = true;
  }
  return out;
}
