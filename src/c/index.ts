// The one C front end: comment masking, preprocessing tokens, the directives of a file, macro expansion and the one
// `#if` evaluator (C's integer rules). Every stage that reads C or preprocessed assembly (the musl
// table, the scanner, the backend reader's arch conditions) goes through it.
export { lex, spell, splitArguments, type Token, type TokenKind } from './tokens.js';
export { extractDirectives, type Directive, type DirectiveKind, type MacroDefinition } from './directives.js';
export { atLine, expandTokens, expansionBudget, ExpansionLimit, type ExpandEnv, type ExpandedToken } from './expand.js';
export { evaluateCConstant, evaluateIf, mapEnv, type ConditionEnv, type Definedness, type TypeSizes } from './condition.js';
export { blankComments, blankRange, lineStarts, position } from './text.js';
