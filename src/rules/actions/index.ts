// The registry of rule actions: the closed set the rule format allows. Add a new action here with its module.

import type { ActionName } from '../rule-types.js';
import type { RuleAction } from './action-types.js';
import { dedupeAction } from './dedupe.js';
import { dropFromHereOnAction } from './drop-from-here-on.js';
import { foldCaptionAction } from './fold-caption.js';
import { headingBlockAction } from './heading-block.js';
import { removeAction } from './remove.js';
import { removeAttributeAction } from './remove-attribute.js';
import { stripCreditAction } from './strip-credit.js';
import { trimEdgesAction } from './trim-edges.js';
import { unhideAction } from './unhide.js';
import { unwrapAction } from './unwrap.js';

const ACTIONS: Readonly<Record<ActionName, RuleAction>> = {
  remove: removeAction,
  unwrap: unwrapAction,
  'drop-from-here-on': dropFromHereOnAction,
  dedupe: dedupeAction,
  unhide: unhideAction,
  'heading-block': headingBlockAction,
  'trim-edges': trimEdgesAction,
  'fold-caption': foldCaptionAction,
  'remove-attribute': removeAttributeAction,
  'strip-credit': stripCreditAction,
};

export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

export function actionFor(name: ActionName): RuleAction {
  return ACTIONS[name];
}
