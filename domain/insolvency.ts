/**
 * A debt born after the opening judgment of an insolvency procedure is paid at its due date (art. L622-17 C. com.): it
 * is neither frozen nor declared, and is collected as usual. Dates are calendar dates (YYYY-MM-DD); an issue date may
 * carry a time, of which the day counts.
 */
export function bornAfterOpening(issueDate: string, openedOn: string): boolean {
  return issueDate.slice(0, 10) > openedOn;
}
