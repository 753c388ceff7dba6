/**
 * Domain failures of the contact centre. The HTTP layer maps each kind onto the Genesys status and code
 * (routes/contact-centre-errors.ts); the control API reports them as they are.
 */
export type ContactCentreErrorKind =
  /** The conversation, participant, user or queue named in the path does not exist. */
  | "not-found"
  /** An id inside the request body does not exist; `field` names it. */
  | "unknown-reference"
  /** A value is out of range or malformed; `field` names it. */
  | "invalid-value"
  /** The agent or conversation is in a state that does not allow the operation. */
  | "invalid-status"
  /** Only a connected participant can be transferred. */
  | "not-connected"
  /** The queue does not allow manual assignment. */
  | "manual-assignment-disabled";

export class ContactCentreError extends Error {
  readonly kind: ContactCentreErrorKind;
  readonly field: string | undefined;
  readonly entityId: string | undefined;

  constructor(
    kind: ContactCentreErrorKind,
    message: string,
    details: { field?: string; entityId?: string } = {},
  ) {
    super(message);
    this.name = "ContactCentreError";
    this.kind = kind;
    this.field = details.field;
    this.entityId = details.entityId;
  }
}
