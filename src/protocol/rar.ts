import { PlaygroundError } from './errors';

/** One authorization detail: a `type` and type-specific members. */
export interface AuthorizationDetail {
  type: string;
  locations?: string[];
  actions?: string[];
  datatypes?: string[];
  identifier?: string;
  privileges?: string[];
  [member: string]: unknown;
}

/** A problem found in an `authorization_details` value, with where it is. */
export interface AuthorizationDetailsProblem {
  /** Index of the detail in the array, or `undefined` for the whole value. */
  index?: number;
  field?: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface AuthorizationDetailsCheck {
  /** The parsed details when the JSON is an array of objects (even with warnings). */
  details?: AuthorizationDetail[];
  problems: AuthorizationDetailsProblem[];
}

const STRING_ARRAY_FIELDS = ['locations', 'actions', 'datatypes', 'privileges'] as const;

/**
 * Checks `authorization_details` as typed by the user: JSON, an array, each member an object with a
 * non-empty string `type`, and the common fields of RFC 9396 §2.2 in their shapes (arrays of
 * strings, `identifier` a string). A type the provider does not list in
 * `authorization_details_types_supported` is a warning (it will likely be refused), not a block.
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-2
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-10
 */
export function checkAuthorizationDetails(
  text: string,
  supportedTypes?: readonly string[],
): AuthorizationDetailsCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      problems: [
        {
          severity: 'error',
          message: `"authorization_details" is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
  if (!Array.isArray(parsed)) {
    return {
      problems: [{ severity: 'error', message: '"authorization_details" must be a JSON array of objects' }],
    };
  }
  const problems: AuthorizationDetailsProblem[] = [];
  parsed.forEach((detail: unknown, index) => {
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      problems.push({ index, severity: 'error', message: `member ${index} must be a JSON object` });
      return;
    }
    const record = detail as Record<string, unknown>;
    if (typeof record.type !== 'string' || record.type === '') {
      problems.push({
        index,
        field: 'type',
        severity: 'error',
        message: `member ${index} needs a non-empty string "type"`,
      });
    } else if (supportedTypes !== undefined && !supportedTypes.includes(record.type)) {
      problems.push({
        index,
        field: 'type',
        severity: 'warning',
        message: `type "${record.type}" is not in the provider's authorization_details_types_supported (${supportedTypes.join(', ') || 'none'}); expect invalid_authorization_details`,
      });
    }
    for (const field of STRING_ARRAY_FIELDS) {
      const value = record[field];
      if (value === undefined) continue;
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
        problems.push({
          index,
          field,
          severity: 'error',
          message: `"${field}" in member ${index} must be an array of non-empty strings`,
        });
      }
    }
    if (
      record.identifier !== undefined &&
      (typeof record.identifier !== 'string' || record.identifier === '')
    ) {
      problems.push({
        index,
        field: 'identifier',
        severity: 'error',
        message: `"identifier" in member ${index} must be a non-empty string`,
      });
    }
  });
  if (parsed.length === 0) {
    problems.push({
      severity: 'warning',
      message: 'An empty array asks for nothing; the server will ignore it',
    });
  }
  const blocked = problems.some((problem) => problem.severity === 'error' && problem.index === undefined);
  return blocked ? { problems } : { details: parsed as AuthorizationDetail[], problems };
}

/**
 * The wire form of `authorization_details`: compact JSON (URL-encoding is left to the URL or form).
 * Throws `AUTHORIZATION_DETAILS_INVALID` naming the first error.
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-3
 */
export function serializeAuthorizationDetails(text: string, supportedTypes?: readonly string[]): string {
  const check = checkAuthorizationDetails(text, supportedTypes);
  const error = check.problems.find((problem) => problem.severity === 'error');
  if (error !== undefined || check.details === undefined) {
    throw new PlaygroundError(
      'AUTHORIZATION_DETAILS_INVALID',
      error?.message ?? '"authorization_details" is invalid',
      {
        cause: { expected: 'a JSON array of objects with "type"', actual: text.slice(0, 200) },
      },
    );
  }
  return JSON.stringify(check.details);
}

/**
 * The details the server granted, from a token response (RFC 9396 §7) or an access token's claims
 * (§9.1), or `undefined` when it says nothing (which does not mean they were all granted).
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-7
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-9.1
 */
export function readGrantedAuthorizationDetails(
  source: Record<string, unknown>,
): AuthorizationDetail[] | undefined {
  const value = source.authorization_details;
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (item): item is AuthorizationDetail =>
      typeof item === 'object' && item !== null && typeof (item as Record<string, unknown>).type === 'string',
  );
}

/**
 * Ready-made examples per type, from RFC 9396 (§2 `payment_initiation`, §2.1 with the common
 * fields `account_information`), shown in the editor when the provider lists the type.
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-2
 */
export const AUTHORIZATION_DETAILS_EXAMPLES: Readonly<Record<string, AuthorizationDetail>> = {
  payment_initiation: {
    type: 'payment_initiation',
    actions: ['initiate', 'status', 'cancel'],
    locations: ['https://example.com/payments'],
    instructedAmount: { currency: 'EUR', amount: '123.50' },
    creditorName: 'Merchant A',
    creditorAccount: { iban: 'DE02100100109307118603' },
    remittanceInformationUnstructured: 'Ref Number Merchant',
  },
  account_information: {
    type: 'account_information',
    actions: ['list_accounts', 'read_balances', 'read_transactions'],
    locations: ['https://example.com/accounts'],
  },
};

/**
 * An example to start from for each type the provider lists (a bare `{ "type": … }` for types
 * the RFC has no example of).
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-10
 */
export function listAuthorizationDetailsExamples(supportedTypes: readonly string[]): AuthorizationDetail[] {
  return supportedTypes.map((type) =>
    Object.hasOwn(AUTHORIZATION_DETAILS_EXAMPLES, type)
      ? (AUTHORIZATION_DETAILS_EXAMPLES[type] ?? { type })
      : { type },
  );
}
