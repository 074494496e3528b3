/**
 * Where a JSON text stops being JSON (RFC 8259), and what was expected there, in words for the
 * user: line and column, and "ends early" for a file that was cut off. Engines word and place
 * `JSON.parse` errors differently (V8 and SpiderMonkey alike), so the place is found here, by a
 * scan that runs only after `JSON.parse` has failed.
 */

export interface JsonSyntaxProblem {
  /** Index in the text where the problem is. */
  offset: number;
  /** What should have been there. */
  expected: string;
  /** The text stopped while a value was still open. */
  endedEarly: boolean;
}

/**
 * Where `s[start, end)` stops being JSON (RFC 8259), and what was expected there; null when it is
 * valid. Engines word and place JSON.parse errors differently, so this finds the place itself.
 */
function findJsonSyntaxError(s: string, start: number, end: number): JsonSyntaxProblem | null {
  let i = start;
  const OBJECT = 1;
  const ARRAY = 2;
  const stack: number[] = [];
  const problem = (expected: string): JsonSyntaxProblem => ({ offset: i, expected, endedEarly: i >= end });
  const ws = (): void => {
    i = skipWhitespace(s, i, end);
  };
  const isDigit = (k: number): boolean => k < end && s.charCodeAt(k) >= 0x30 && s.charCodeAt(k) <= 0x39;

  const scanString = (): JsonSyntaxProblem | null => {
    i++; // the opening quote
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c === 0x5c) {
        i++;
        if (i >= end) return problem('an escape sequence');
        if (s[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= end || !/[0-9a-fA-F]/.test(s[i + k]!)) {
              i += k;
              return problem('4 hex digits after "\\u"');
            }
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(s[i]!)) i++;
        else return problem('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)');
        continue;
      }
      if (c < 0x20) return problem('the string to go on (line breaks and control characters in strings must be escaped)');
      i++;
    }
    return problem('the closing quote of a string');
  };

  const scanNumber = (): JsonSyntaxProblem | null => {
    if (s[i] === '-') i++;
    if (!isDigit(i)) return problem('a digit');
    if (s[i] === '0') i++;
    else while (isDigit(i)) i++;
    if (i < end && s[i] === '.') {
      i++;
      if (!isDigit(i)) return problem('a digit after "."');
      while (isDigit(i)) i++;
    }
    if (i < end && (s[i] === 'e' || s[i] === 'E')) {
      i++;
      if (i < end && (s[i] === '+' || s[i] === '-')) i++;
      if (!isDigit(i)) return problem('a digit in the exponent');
      while (isDigit(i)) i++;
    }
    return null;
  };

  const scanLiteral = (word: string): JsonSyntaxProblem | null => {
    if (s.startsWith(word, i) && i + word.length <= end) {
      i += word.length;
      return null;
    }
    const rest = s.slice(i, end);
    if (rest.length < word.length && word.startsWith(rest)) {
      i = end;
      return problem(`"${word}"`);
    }
    return problem('a value');
  };

  const scanKey = (): JsonSyntaxProblem | null => {
    ws();
    if (i >= end || s[i] !== '"') return problem('a property name in double quotes');
    const p = scanString();
    if (p !== null) return p;
    ws();
    if (i >= end || s[i] !== ':') return problem('":" after the property name');
    i++;
    return null;
  };

  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      if (i >= end) return problem('a value');
      const c = s[i]!;
      let p: JsonSyntaxProblem | null = null;
      if (c === '{') {
        i++;
        ws();
        if (i < end && s[i] === '}') {
          i++;
          expectValue = false;
        } else {
          stack.push(OBJECT);
          p = scanKey();
        }
      } else if (c === '[') {
        i++;
        ws();
        if (i < end && s[i] === ']') {
          i++;
          expectValue = false;
        } else stack.push(ARRAY);
      } else {
        if (c === '"') p = scanString();
        else if (c === '-' || (c >= '0' && c <= '9')) p = scanNumber();
        else if (c === 't') p = scanLiteral('true');
        else if (c === 'f') p = scanLiteral('false');
        else if (c === 'n') p = scanLiteral('null');
        else p = problem('a value');
        expectValue = false;
      }
      if (p !== null) return p;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < end ? problem('the end of the data') : null;
    const close = top === OBJECT ? '}' : ']';
    if (i >= end) return problem(`"," or "${close}"`);
    if (s[i] === ',') {
      i++;
      if (top === OBJECT) {
        const p = scanKey();
        if (p !== null) return p;
      }
      expectValue = true;
    } else if (s[i] === close) {
      i++;
      stack.pop();
    } else return problem(`"," or "${close}"`);
  }
}

export interface LocatedJsonProblem extends JsonSyntaxProblem {
  line: number;
  column: number;
  /** What is at the offset: a quoted character, or "the end". */
  found: string;
}

function locateJsonProblem(s: string, start: number, end: number): LocatedJsonProblem | null {
  const p = findJsonSyntaxError(s, start, end);
  if (p === null) return null;
  return { ...p, ...lineColumn(s, start, p.offset), found: p.endedEarly ? 'the end' : describeChar(s, p.offset) };
}

/** Why a whole file failed to parse: where (line and column) and what was expected; "ends early" for a cut-off file. */
export function describeJsonFailure(s: string, parseError: unknown): string {
  const p = locateJsonProblem(s, 0, s.length);
  if (p === null) return `This file is not valid JSON${parseError instanceof Error ? ` (${parseError.message})` : ''}.`;
  if (p.endedEarly) {
    return `The file ends early — was it cut off? The JSON stops at line ${p.line}, column ${p.column}, where ${p.expected} was still expected.`;
  }
  return `This file is not valid JSON: expected ${p.expected} at line ${p.line}, column ${p.column}, found ${p.found}.`;
}

/** Why one NDJSON line failed to parse. */
export function describeNdjsonLineFailure(s: string, start: number, end: number, lineNo: number, isLastLine: boolean): string {
  const p = locateJsonProblem(s, start, end);
  if (p === null) return `Line ${lineNo} is not valid JSON.`;
  if (p.endedEarly && isLastLine) return `The file ends early — was it cut off? Its last line (line ${lineNo}) is incomplete.`;
  if (p.endedEarly) return `Line ${lineNo} is not valid JSON: it stops at column ${p.column}, where ${p.expected} was still expected.`;
  return `Line ${lineNo} is not valid JSON: expected ${p.expected} at column ${p.column}, found ${p.found}.`;
}

function lineColumn(s: string, start: number, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = start;
  for (let k = s.indexOf('\n', start); k !== -1 && k < offset; k = s.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}


export function skipWhitespace(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

export function describeChar(s: string, i: number): string {
  const cp = s.codePointAt(i) ?? 0;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  if (cp <= 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return hex;
  return cp === 0x22 ? `'"'` : `"${String.fromCodePoint(cp)}"`;
}
