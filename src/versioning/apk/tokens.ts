/** The apk version tokenizer: each token's value and the type of the token after it. */
export const INVALID = -1;
const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
export const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
export const END = 6;

export interface ApkTokens {
  values: number[];
  /** next[k] = type of the token after token k; the last is END (valid) or INVALID. */
  next: number[];
  valid: boolean;
}

const PRE = ["alpha", "beta", "pre", "rc"];
const POST = ["cvs", "svn", "git", "hg", "p"];

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLower = (c: number): boolean => c >= 97 && c <= 122;

/** Classifies the separator at s[pos] given the previous token type; returns [type, new position]. */
function nextType(prev: number, s: string, pos: number): [number, number] {
  let n = INVALID;
  const c = s.charCodeAt(pos);
  if (pos >= s.length) n = END;
  else if ((prev === DIGIT || prev === DIGIT_OR_ZERO) && isLower(c)) n = LETTER;
  else if (prev === LETTER && isDigit(c)) n = DIGIT;
  else if (prev === SUFFIX && isDigit(c)) n = SUFFIX_NO;
  else {
    if (c === 46) n = DIGIT_OR_ZERO;
    else if (c === 95) n = SUFFIX;
    else if (c === 45 && s.charCodeAt(pos + 1) === 114) {
      n = REVISION_NO;
      pos++;
    }
    pos++;
  }
  if (n < prev) {
    const allowed =
      (n === DIGIT_OR_ZERO && prev === DIGIT) ||
      (n === SUFFIX && prev === SUFFIX_NO) ||
      (n === DIGIT && prev === LETTER);
    if (!allowed) n = INVALID;
  }
  return [n, pos];
}

function suffixValue(s: string, pos: number): [number, number] | undefined {
  for (let v = 0; v < PRE.length; v++) if (s.startsWith(PRE[v]!, pos)) return [v - PRE.length, PRE[v]!.length];
  for (let v = 0; v < POST.length; v++) if (s.startsWith(POST[v]!, pos)) return [v, POST[v]!.length];
  return undefined;
}

/** Reads one token of `type` at pos: [value, forced next type or undefined, length]. */
function readToken(type: number, s: string, pos: number): [number, number | undefined, number] | undefined {
  let i = pos;
  if (type === DIGIT_OR_ZERO && s.charCodeAt(i) === 48) {
    while (s.charCodeAt(i) === 48) i++;
    return [-(i - pos), DIGIT, i - pos];
  }
  if (type === DIGIT_OR_ZERO || type === DIGIT || type === SUFFIX_NO || type === REVISION_NO) {
    let v = 0;
    while (i < s.length && isDigit(s.charCodeAt(i))) v = v * 10 + (s.charCodeAt(i++) - 48);
    return [v, undefined, i - pos];
  }
  if (type === LETTER) return [s.charCodeAt(i), undefined, 1];
  if (type === SUFFIX) {
    const sv = suffixValue(s, pos);
    return sv ? [sv[0], undefined, sv[1]] : undefined;
  }
  return undefined;
}

export function tokenize(s: string): ApkTokens {
  const values: number[] = [];
  const next: number[] = [];
  let type = DIGIT;
  let pos = 0;
  if (s.length === 0) return { values: [0], next: [END], valid: true };
  while (type !== END && type !== INVALID) {
    const tok = readToken(type, s, pos);
    if (!tok) {
      values.push(-1);
      next.push(INVALID);
      break;
    }
    pos += tok[2];
    values.push(tok[0]);
    if (pos >= s.length) type = END;
    else if (tok[1] !== undefined) type = tok[1];
    else [type, pos] = nextType(type, s, pos);
    next.push(type);
  }
  return { values, next, valid: type === END };
}
