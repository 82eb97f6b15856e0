/**
 * A self-signed certificate and key for `personas.example.test` (P-256, valid
 * until 2126), so a test can stand in for an https:// library source on
 * 127.0.0.1 and trust it with the transport's `ca` option. Test use only.
 */
export const TEST_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBuTCCAV+gAwIBAgIUU5dUELOV6JHBt2vONCYF9vxsceUwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVcGVyc29uYXMuZXhhbXBsZS50ZXN0MCAXDTI2MTEzMDE1MDMx
MFoYDzIxMjYxMTA2MTUwMzEwWjAgMR4wHAYDVQQDDBVwZXJzb25hcy5leGFtcGxl
LnRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASLDuhb6gRxyEUZmUYAzQlf
BPSUHYjMplgIMW/FzwB/t39Ief4uqM8SCUFhnc7Bj9JeNKE6n2U/3sc63IL0QGKc
o3UwczAdBgNVHQ4EFgQUaP+KYC7xg52ZtttmxaTt6AFcWE4wHwYDVR0jBBgwFoAU
aP+KYC7xg52ZtttmxaTt6AFcWE4wDwYDVR0TAQH/BAUwAwEB/zAgBgNVHREEGTAX
ghVwZXJzb25hcy5leGFtcGxlLnRlc3QwCgYIKoZIzj0EAwIDSAAwRQIgCXF3vcoN
5WLgnebRPYa/w8qayQrLso7+FZ1gwdHNrHUCIQCv6RZoku4s+h8jbBDaH1pzpfKc
caeZ9FobeYRjF+/6SQ==
-----END CERTIFICATE-----
`;

/** The private key of {@link TEST_TLS_CERT}. */
export const TEST_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgGR+tusyhX6QOJS9h
pngUwEpmivqtU1+BvIV88s9ogcahRANCAASLDuhb6gRxyEUZmUYAzQlfBPSUHYjM
plgIMW/FzwB/t39Ief4uqM8SCUFhnc7Bj9JeNKE6n2U/3sc63IL0QGKc
-----END PRIVATE KEY-----
`;
