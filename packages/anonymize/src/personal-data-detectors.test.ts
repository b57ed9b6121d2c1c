import { anonymizeText } from '@pollinate/anonymize';
import { describe, expect, it } from 'vitest';

const redact = (text: string) => anonymizeText(text).text;

describe('anonymizeText: personal data (issue 19)', () => {
  it.each([
    ['call +1-555-123-4567 now', 'call [PHONE] now'],
    ['tel. +48 22 123 45 67', 'tel. [PHONE]'],
    ['+36 1 234 5678 (Budapest office)', '[PHONE] (Budapest office)'],
    ['or 0044 20 7946 0958', 'or [PHONE]'],
    ['US desk (212) 555-0198', 'US desk [PHONE]'],
    ['US desk 212-555-0198', 'US desk [PHONE]'],
    ['Berlin 030 12345678', 'Berlin [PHONE]'],
    ['London 020 7946 0958', 'London [PHONE]'],
    ['mobile 512 600 700', 'mobile [PHONE]'],
  ])('phone: %s', (input, expected) => expect(redact(input)).toBe(expected));

  it.each([
    ['IBAN DE89 3704 0044 0532 0130 00 for the invoice', 'IBAN [IBAN] for the invoice'],
    ['to PL61109010140000071219812874.', 'to [IBAN].'],
    ['GB29NWBK60161331926819', '[IBAN]'],
  ])('IBAN: %s', (input, expected) => expect(redact(input)).toBe(expected));

  it.each([
    ['PESEL 44051401359', 'PESEL [NATIONAL-ID]'],
    ['Steuer-ID 65929970489', 'Steuer-ID [NATIONAL-ID]'],
    ['adóazonosító jel: 8071592153', 'adóazonosító jel: [NATIONAL-ID]'],
    ['TAJ 123 456 788', 'TAJ [NATIONAL-ID]'],
    ['SSN 123-45-6789', 'SSN [NATIONAL-ID]'],
    ['ssn: 123456789', 'ssn: [NATIONAL-ID]'],
  ])('national id: %s', (input, expected) => expect(redact(input)).toBe(expected));

  it.each([
    ['approved by Maria Kowalska on Tuesday', 'approved by [PERSON] on Tuesday'],
    ['contact John Smith if it fails', 'contact [PERSON] if it fails'],
    ['escalated to Dr. Raghunathan', 'escalated to [PERSON]'],
    ['Reviewed-by: Hans Müller', 'Reviewed-by: [PERSON]'],
  ])('person: %s', (input, expected) => expect(redact(input)).toBe(expected));

  it.each([
    ['Ship to 221B Baker Street, London', 'Ship to [ADDRESS], London'],
    ['office at 4 Main St., Apt. 4', 'office at [ADDRESS]'],
    ['ul. Marszałkowska 12/3, 00-950 Warszawa', '[ADDRESS], 00-950 Warszawa'],
    ['Hauptstraße 5, 10115 Berlin', '[ADDRESS], 10115 Berlin'],
    ['Andrássy út 12, 1061 Budapest', '[ADDRESS], 1061 Budapest'],
    ['HQ: 1 Infinite Loop, Cupertino, CA', 'HQ: [ADDRESS], Cupertino, CA'],
  ])('address: %s', (input, expected) => expect(redact(input)).toBe(expected));

  it.each([
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: [SECRET]'],
    ['blob dXNlcjpodW50ZXIy found', 'blob [SECRET] found'],
    ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0 deploy@build-host-01', '[SECRET]'],
    ['connect to sql-wro-prod-11 failed', 'connect to [DOMAIN] failed'],
    ['sa migrator@acme-prod-123.iam.gserviceaccount.com', 'sa [EMAIL]'],
  ])('credentials and hosts: %s', (input, expected) => expect(redact(input)).toBe(expected));

  it('keeps technical text intact', () => {
    const technical = [
      'ORA-00942 on t3.large at 310 MB/s, v2.3.1, port 5432, 45m, 2026-11-02T10:31:10Z',
      '1200 rows, HTTP 503, 0x80070005, 12.5%, java.net.SocketTimeoutException, db.r5.large',
      'Standard_D2s_v3 in us-east-1, europe-west1 and ap-southeast-2; 2 NAT Gateways, 1 Transit Gateway',
      'Max Connections 512, Ruby Gems 3.4.1, Grant Access to the role, Oracle Database 19c',
      'Processed 1234567 rows in 3600 s; epoch 1733312345; build 20261102; retry 3 of 5',
      'Azure Blob Storage, Amazon RDS for PostgreSQL 15.4, Google Cloud SQL, SQLSTATE 08006',
    ];
    for (const line of technical) expect(redact(line)).toBe(line);
  });
});

describe('person-name scan always moves forward', () => {
  // Found by the idempotence property: a title-case scan that stopped on a letter outside
  // the Basic Multilingual Plane never advanced, and anonymizeText never returned.
  it('returns on capitals outside the BMP (mathematical letters, Egyptian hieroglyphs)', () => {
    const text = 'ᖧ𝘗ꭶᝩ𓊊𐖑𝙢';
    expect(anonymizeText(text).text).toBe(text);
    expect(anonymizeText(`Error from 𝘗𝘢𝘵 𝘔𝘢𝘳𝘺 at ${text}`).text.length).toBeGreaterThan(0);
  });
});
