// The github stage: a report posted to a pull request (one comment, updated in place).
export { upsertComment, type CommentOutcome, type CommentTarget, type Fetch } from './comment.js';
