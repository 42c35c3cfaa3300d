// Parses an XPath 1.0 expression into a syntax tree (the grammar of the W3C recommendation, section 3).
//
// The tree is only read by plan-xpath.ts, which turns what it can into CSS selectors (jsdom's own XPath
// engine costs about 10 ms per expression on a news page, its selector engine a fraction of one); the
// expression itself is still what jsdom's document.evaluate runs whenever a plan cannot be made.

export type Axis =
  | 'ancestor'
  | 'ancestor-or-self'
  | 'attribute'
  | 'child'
  | 'descendant'
  | 'descendant-or-self'
  | 'following'
  | 'following-sibling'
  | 'namespace'
  | 'parent'
  | 'preceding'
  | 'preceding-sibling'
  | 'self';

const AXES: ReadonlySet<string> = new Set<Axis>([
  'ancestor',
  'ancestor-or-self',
  'attribute',
  'child',
  'descendant',
  'descendant-or-self',
  'following',
  'following-sibling',
  'namespace',
  'parent',
  'preceding',
  'preceding-sibling',
  'self',
]);

export type NodeTest =
  | { kind: 'name'; name: string } // a QName as written (`div`, `svg:g`)
  | { kind: 'any' } // `*`
  | { kind: 'prefix-any'; prefix: string } // `svg:*`
  | { kind: 'node' }
  | { kind: 'text' }
  | { kind: 'comment' }
  | { kind: 'processing-instruction' };

export interface Step {
  axis: Axis;
  test: NodeTest;
  predicates: XPathExpr[];
}

export type BinaryOperator = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | 'div' | 'mod';

export type XPathExpr =
  | { kind: 'binary'; operator: BinaryOperator; left: XPathExpr; right: XPathExpr }
  | { kind: 'negate'; operand: XPathExpr }
  | { kind: 'union'; parts: XPathExpr[] }
  /** A location path; `start` is set for a filter expression followed by steps (`(//a)[1]/b`). */
  | { kind: 'path'; absolute: boolean; steps: Step[]; start?: XPathExpr }
  | { kind: 'filter'; primary: XPathExpr; predicates: XPathExpr[] }
  | { kind: 'literal'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: XPathExpr[] }
  | { kind: 'variable'; name: string };

export class XPathSyntaxError extends Error {
  override name = 'XPathSyntaxError';
}

type Token =
  | { type: 'punct'; value: '(' | ')' | '[' | ']' | '.' | '..' | '@' | ',' | '::' }
  | { type: 'operator'; value: string }
  | { type: 'name'; value: string } // NCName, QName, `*` or `prefix:*` as a name test
  | { type: 'function'; value: string }
  | { type: 'node-type'; value: 'node' | 'text' | 'comment' | 'processing-instruction' }
  | { type: 'axis'; value: Axis }
  | { type: 'literal'; value: string }
  | { type: 'number'; value: number }
  | { type: 'variable'; value: string };

const NODE_TYPES: ReadonlySet<string> = new Set(['node', 'text', 'comment', 'processing-instruction']);
const NAME_START =
  /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR =
  /[-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

/** Splits an expression into tokens, with the spec's disambiguation rules (section 3.7). */
export function tokenizeXPath(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const skipSpace = (from: number): number => {
    let at = from;
    while (at < source.length && /[\x20\t\r\n]/.test(source[at] ?? '')) at++;
    return at;
  };
  /** The spec's rule: after these, `*` is a name test and a name is not an operator. */
  const operandExpected = (): boolean => {
    const last = tokens.at(-1);
    if (last === undefined) return true;
    if (last.type === 'operator') return true;
    return last.type === 'punct' && ['@', '::', '(', '[', ','].includes(last.value);
  };
  const readName = (from: number): number => {
    let at = from;
    while (at < source.length && NAME_CHAR.test(source[at] ?? '')) at++;
    return at;
  };
  while ((index = skipSpace(index)) < source.length) {
    const char = source[index] ?? '';
    const next = source[index + 1] ?? '';
    if (char === '"' || char === "'") {
      const end = source.indexOf(char, index + 1);
      if (end < 0) throw new XPathSyntaxError(`unterminated string at ${index}`);
      tokens.push({ type: 'literal', value: source.slice(index + 1, end) });
      index = end + 1;
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(next))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)/.exec(source.slice(index));
      const text = match?.[0] ?? char;
      tokens.push({ type: 'number', value: Number(text) });
      index += text.length;
    } else if (char === '.' && next === '.') {
      tokens.push({ type: 'punct', value: '..' });
      index += 2;
    } else if (char === ':' && next === ':') {
      tokens.push({ type: 'punct', value: '::' });
      index += 2;
    } else if ('()[].@,'.includes(char)) {
      tokens.push({ type: 'punct', value: char as '(' | ')' | '[' | ']' | '.' | '@' | ',' });
      index++;
    } else if (char === '/') {
      const double = next === '/';
      tokens.push({ type: 'operator', value: double ? '//' : '/' });
      index += double ? 2 : 1;
    } else if (char === '!' && next === '=') {
      tokens.push({ type: 'operator', value: '!=' });
      index += 2;
    } else if ((char === '<' || char === '>') && next === '=') {
      tokens.push({ type: 'operator', value: `${char}=` });
      index += 2;
    } else if ('|+-=<>'.includes(char)) {
      tokens.push({ type: 'operator', value: char });
      index++;
    } else if (char === '*') {
      tokens.push(operandExpected() ? { type: 'name', value: '*' } : { type: 'operator', value: '*' });
      index++;
    } else if (char === '$') {
      const end = readName(index + 1);
      if (end === index + 1) throw new XPathSyntaxError(`variable without a name at ${index}`);
      tokens.push({ type: 'variable', value: source.slice(index + 1, end) });
      index = end;
    } else if (NAME_START.test(char)) {
      let end = readName(index);
      // A QName (`svg:g`) or `prefix:*`, but not the `::` of an axis.
      if (source[end] === ':' && source[end + 1] !== ':') {
        if (source[end + 1] === '*') end += 2;
        else if (NAME_START.test(source[end + 1] ?? '')) end = readName(end + 1);
      }
      const name = source.slice(index, end);
      const after = skipSpace(end);
      if (!operandExpected() && ['and', 'or', 'div', 'mod'].includes(name)) {
        tokens.push({ type: 'operator', value: name });
      } else if (source[after] === '(') {
        tokens.push(
          NODE_TYPES.has(name)
            ? { type: 'node-type', value: name as 'node' | 'text' | 'comment' | 'processing-instruction' }
            : { type: 'function', value: name },
        );
      } else if (source[after] === ':' && source[after + 1] === ':') {
        if (!AXES.has(name)) throw new XPathSyntaxError(`unknown axis ${name}`);
        tokens.push({ type: 'axis', value: name as Axis });
      } else {
        tokens.push({ type: 'name', value: name });
      }
      index = end;
    } else {
      throw new XPathSyntaxError(`unexpected character ${JSON.stringify(char)} at ${index}`);
    }
  }
  return tokens;
}

/** Parses an XPath 1.0 expression; throws XPathSyntaxError when it is not one. */
export function parseXPath(source: string): XPathExpr {
  const parser = new Parser(tokenizeXPath(source));
  const expression = parser.expression();
  if (!parser.done()) throw new XPathSyntaxError('unexpected text after the expression');
  return expression;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  done(): boolean {
    return this.position >= this.tokens.length;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  private take(): Token {
    const token = this.tokens[this.position++];
    if (token === undefined) throw new XPathSyntaxError('unexpected end of expression');
    return token;
  }

  private isPunct(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.type === 'punct' && token.value === value;
  }

  private isOperator(value: string): boolean {
    const token = this.peek();
    return token?.type === 'operator' && token.value === value;
  }

  private expect(value: string): void {
    const token = this.take();
    if ((token.type !== 'punct' && token.type !== 'operator') || token.value !== value) {
      throw new XPathSyntaxError(`expected ${value}`);
    }
  }

  expression(): XPathExpr {
    return this.binary(0);
  }

  /** Binary operators by precedence level, loosest first (or, and, equality, relational, additive, multiplicative). */
  private binary(level: number): XPathExpr {
    const levels: readonly (readonly BinaryOperator[])[] = [
      ['or'],
      ['and'],
      ['=', '!='],
      ['<', '<=', '>', '>='],
      ['+', '-'],
      ['*', 'div', 'mod'],
    ];
    const operators = levels[level];
    if (operators === undefined) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.peek();
      if (token?.type !== 'operator' || !operators.includes(token.value as BinaryOperator)) return left;
      this.take();
      left = { kind: 'binary', operator: token.value as BinaryOperator, left, right: this.binary(level + 1) };
    }
  }

  private unary(): XPathExpr {
    if (this.isOperator('-')) {
      this.take();
      return { kind: 'negate', operand: this.unary() };
    }
    const first = this.pathExpression();
    if (!this.isOperator('|')) return first;
    const parts = [first];
    while (this.isOperator('|')) {
      this.take();
      parts.push(this.pathExpression());
    }
    return { kind: 'union', parts };
  }

  private pathExpression(): XPathExpr {
    const token = this.peek();
    if (token === undefined) throw new XPathSyntaxError('unexpected end of expression');
    const startsPrimary =
      token.type === 'literal' ||
      token.type === 'number' ||
      token.type === 'variable' ||
      token.type === 'function' ||
      (token.type === 'punct' && token.value === '(');
    if (!startsPrimary) return this.locationPath();
    const primary = this.primary();
    const predicates = this.predicates();
    const filter: XPathExpr = predicates.length > 0 ? { kind: 'filter', primary, predicates } : primary;
    if (!this.isOperator('/') && !this.isOperator('//')) return filter;
    const steps: Step[] = [];
    this.relativePath(steps);
    return { kind: 'path', absolute: false, steps, start: filter };
  }

  private primary(): XPathExpr {
    const token = this.take();
    switch (token.type) {
      case 'literal':
        return { kind: 'literal', value: token.value };
      case 'number':
        return { kind: 'number', value: token.value };
      case 'variable':
        return { kind: 'variable', name: token.value };
      case 'function': {
        this.expect('(');
        const args: XPathExpr[] = [];
        if (!this.isPunct(')')) {
          args.push(this.expression());
          while (this.isPunct(',')) {
            this.take();
            args.push(this.expression());
          }
        }
        this.expect(')');
        return { kind: 'call', name: token.value, args };
      }
      case 'punct':
        if (token.value === '(') {
          const inner = this.expression();
          this.expect(')');
          return inner;
        }
        break;
      default:
        break;
    }
    throw new XPathSyntaxError('expected an expression');
  }

  private predicates(): XPathExpr[] {
    const predicates: XPathExpr[] = [];
    while (this.isPunct('[')) {
      this.take();
      predicates.push(this.expression());
      this.expect(']');
    }
    return predicates;
  }

  private locationPath(): XPathExpr {
    const steps: Step[] = [];
    if (this.isOperator('/')) {
      this.take();
      // `/` alone is the root; a step may follow.
      if (this.startsStep()) this.steps(steps);
      return { kind: 'path', absolute: true, steps };
    }
    if (this.isOperator('//')) {
      steps.push(descendantOrSelf());
      this.take();
      this.steps(steps);
      return { kind: 'path', absolute: true, steps };
    }
    this.steps(steps);
    return { kind: 'path', absolute: false, steps };
  }

  /** Steps after a `/` or `//` that the caller has already read (a filter expression's path). */
  private relativePath(steps: Step[]): void {
    while (this.isOperator('/') || this.isOperator('//')) {
      if (this.take().value === '//') steps.push(descendantOrSelf());
      steps.push(this.step());
    }
  }

  private steps(steps: Step[]): void {
    steps.push(this.step());
    this.relativePath(steps);
  }

  private startsStep(): boolean {
    const token = this.peek();
    if (token === undefined) return false;
    if (token.type === 'name' || token.type === 'axis' || token.type === 'node-type') return true;
    return token.type === 'punct' && (token.value === '.' || token.value === '..' || token.value === '@');
  }

  private step(): Step {
    if (this.isPunct('.')) {
      this.take();
      return { axis: 'self', test: { kind: 'node' }, predicates: [] };
    }
    if (this.isPunct('..')) {
      this.take();
      return { axis: 'parent', test: { kind: 'node' }, predicates: [] };
    }
    let axis: Axis = 'child';
    const token = this.peek();
    if (token?.type === 'axis') {
      this.take();
      this.expect('::');
      axis = token.value;
    } else if (this.isPunct('@')) {
      this.take();
      axis = 'attribute';
    }
    const test = this.nodeTest();
    return { axis, test, predicates: this.predicates() };
  }

  private nodeTest(): NodeTest {
    const token = this.take();
    if (token.type === 'name') {
      if (token.value === '*') return { kind: 'any' };
      if (token.value.endsWith(':*')) return { kind: 'prefix-any', prefix: token.value.slice(0, -2) };
      return { kind: 'name', name: token.value };
    }
    if (token.type === 'node-type') {
      this.expect('(');
      if (token.value === 'processing-instruction' && this.peek()?.type === 'literal') this.take();
      this.expect(')');
      return { kind: token.value };
    }
    throw new XPathSyntaxError('expected a node test');
  }
}

function descendantOrSelf(): Step {
  return { axis: 'descendant-or-self', test: { kind: 'node' }, predicates: [] };
}
