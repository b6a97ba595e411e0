/** One broken rule of a request, named by its field path (answered as a 400 listing them all). */
export interface RuleViolation {
  field: string;
  message: string;
}
