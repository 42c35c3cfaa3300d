// Writes an XPath syntax tree back as an expression, so a part of a larger expression can be handed to
// document.evaluate on its own. Every operand of an operator is parenthesised: the output is meant for
// the engine, and parentheses cannot change an XPath 1.0 expression's meaning around an operand.

import type { NodeTest, Step, XPathExpr } from './parse-xpath.js';

export function printXPath(expression: XPathExpr): string {
  switch (expression.kind) {
    case 'binary':
      return `(${printXPath(expression.left)}) ${expression.operator} (${printXPath(expression.right)})`;
    case 'negate':
      return `-(${printXPath(expression.operand)})`;
    case 'union':
      return expression.parts.map((part) => printPathOperand(part)).join(' | ');
    case 'path': {
      const start = expression.start === undefined ? '' : `(${printXPath(expression.start)})`;
      const steps = printSteps(expression.steps);
      if (expression.start !== undefined) return `${start}${steps.startsWith('//') ? '' : '/'}${steps}`;
      if (!expression.absolute) return steps;
      return steps.startsWith('//') ? steps : `/${steps}`;
    }
    case 'filter':
      return `(${printXPath(expression.primary)})${expression.predicates.map((p) => `[${printXPath(p)}]`).join('')}`;
    case 'literal':
      return expression.value.includes("'") ? `"${expression.value}"` : `'${expression.value}'`;
    case 'number':
      return String(expression.value);
    case 'call':
      return `${expression.name}(${expression.args.map(printXPath).join(', ')})`;
    case 'variable':
      return `$${expression.name}`;
  }
}

/** A union's operands are path expressions; anything else needs parentheses to stay one. */
function printPathOperand(expression: XPathExpr): string {
  return expression.kind === 'path' || expression.kind === 'filter' || expression.kind === 'call'
    ? printXPath(expression)
    : `(${printXPath(expression)})`;
}

/** Steps joined by `/`, with descendant-or-self::node() written as the `//` it abbreviates. */
function printSteps(steps: readonly Step[]): string {
  let text = '';
  let pendingDescendant = false;
  for (const [index, step] of steps.entries()) {
    const isDescendant =
      step.axis === 'descendant-or-self' && step.test.kind === 'node' && step.predicates.length === 0;
    if (isDescendant && index < steps.length - 1) {
      pendingDescendant = true;
      continue;
    }
    const separator = pendingDescendant ? '//' : index === 0 ? '' : '/';
    text += `${separator}${printStep(step)}`;
    pendingDescendant = false;
  }
  return text;
}

function printStep(step: Step): string {
  const predicates = step.predicates.map((predicate) => `[${printXPath(predicate)}]`).join('');
  const test = printTest(step.test);
  if (step.axis === 'child') return `${test}${predicates}`;
  if (step.axis === 'attribute') return `@${test}${predicates}`;
  return `${step.axis}::${test}${predicates}`;
}

function printTest(test: NodeTest): string {
  switch (test.kind) {
    case 'name':
      return test.name;
    case 'any':
      return '*';
    case 'prefix-any':
      return `${test.prefix}:*`;
    default:
      return `${test.kind}()`;
  }
}
