/**
 * Published test vectors used by the tests and by the inspector's "try an example" entry.
 * @see https://www.rfc-editor.org/rfc/rfc7515#appendix-A.1 (JWS using HMAC SHA-256)
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-3.1 (Example JWT, the same token)
 */
export const RFC7515_A1_TOKEN =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** The symmetric key of RFC 7515 Appendix A.1, as a JWK. */
export const RFC7515_A1_KEY = {
  kty: 'oct',
  k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
} as const;

/**
 * The unsecured JWT example.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-6.1
 */
export const RFC7519_UNSECURED_TOKEN =
  'eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.';
