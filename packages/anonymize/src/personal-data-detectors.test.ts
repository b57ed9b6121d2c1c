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
    // Neither word is an English word or a known given name: two proper nouns.
    ['Demetriusz Kaczmarczyk reran the conversion', '[PERSON] reran the conversion'],
    ['approved by Halász Csanád after HTTP 503', 'approved by [PERSON] after HTTP 503'],
    ['assigned to Skyla Zemlak-Gulgowski', 'assigned to [PERSON]'],
    ['paged Alejandra McCullough twice', 'paged [PERSON] twice'],
    // A given name that is only a name takes an ordinary word as the family name.
    ['Leah Hand approved it', '[PERSON] approved it'],
    // Inside a sentence, an English word before a proper noun.
    ['approved by Dean Oschkenat', 'approved by [PERSON]'],
    // Titles, chained, with or without a period.
    ['escalated to Prof. Dr. Defne Roba', 'escalated to [PERSON]'],
    ['Mrs. Dolly Abernathy reran it', '[PERSON] reran it'],
    ['Pani Lilla Rosiak reran it', '[PERSON] reran it'],
    // A given name compromise does not know (Moby's lists), before a proper noun or a family name.
    ['Leo Donnelly reran the conversion', '[PERSON] reran the conversion'],
    ['Baldwin Czaja reran the conversion', '[PERSON] reran the conversion'],
    ['approved by Jordan Fisher after HTTP 503', 'approved by [PERSON] after HTTP 503'],
    // A given name that also names a tool or a month, before a proper noun.
    ['Hugo Pawlikowski reran the conversion', '[PERSON] reran the conversion'],
    ['August Komorowski approved it', '[PERSON] approved it'],
    // A sentence's subject: a Title-case word, a proper noun, a verb.
    ['River Klein-Hegmann reran the conversion', '[PERSON] reran the conversion'],
    ['Done. Lyric Mohr approved the cutover', 'Done. [PERSON] approved the cutover'],
    // Name particles glued to a capital inside a name.
    ['Vergie DuBuque reran the conversion', '[PERSON] reran the conversion'],
    ['assigned to Alverta Franey-VonRueden', 'assigned to [PERSON]'],
  ])('person: %s', (input, expected) => expect(redact(input)).toBe(expected));

  it.each([
    ['Ship to 221B Baker Street, London', 'Ship to [ADDRESS], London'],
    ['office at 4 Main St., Apt. 4', 'office at [ADDRESS]'],
    ['ul. Marszałkowska 12/3, 00-950 Warszawa', '[ADDRESS], 00-950 Warszawa'],
    ['Hauptstraße 5, 10115 Berlin', '[ADDRESS], 10115 Berlin'],
    ['Andrássy út 12, 1061 Budapest', '[ADDRESS], 1061 Budapest'],
    ['HQ: 1 Infinite Loop, Cupertino, CA', 'HQ: [ADDRESS], Cupertino, CA'],
    // US and British forms: a compass direction, an ordinal, a proper street name before a
    // technical street word, an apartment part, a British thoroughfare type, a house name.
    ['to 59716 W Chestnut Street Suite 702 today', 'to [ADDRESS] today'],
    ['to 462 5th Avenue today', 'to [ADDRESS] today'],
    ['to 5912 Larue Lock today', 'to [ADDRESS] today'],
    ['to 892 Jillian Way Apt. 599 today', 'to [ADDRESS] today'],
    ['to 8 Castle Close today', 'to [ADDRESS] today'],
    ['to 6 The Poplars today', 'to [ADDRESS] today'],
    // German: a compound street name, a street word after an adjective, a preposition.
    ['to Feuerdornweg 47c Zimmer 571 today', 'to [ADDRESS] today'],
    ['to Aldegundisstr. 347 today', 'to [ADDRESS] today'],
    ['to Schlebuscher Heide 14b today', 'to [ADDRESS] today'],
    ['to Am Blauen Berg 78 today', 'to [ADDRESS] today'],
    ['to An der Schmitten 18 5 OG today', 'to [ADDRESS] today'],
    // Hungarian: the public-space type after the name, floor and door after the number.
    ['at Lajos rakpart 853 1.em 54 ajtó now', 'at [ADDRESS] now'],
    ['at Mezei körtér 395 now', 'at [ADDRESS] now'],
    // Polish: the street type before the name, the flat after the number.
    ['at park Markiewicz 51b m. 906 now', 'at [ADDRESS] now'],
    ['at bulw. Filipek 1/5 now', 'at [ADDRESS] now'],
    // French: the number first, then the type de voie and the name with its particles.
    ['at 7251 Quai du Faubourg Saint-Honoré Apt. 433 now', 'at [ADDRESS] now'],
    ['at 56 Voie de la Victoire now', 'at [ADDRESS] now'],
    ['at 947 Avenue d’Orsel 9 étage now', 'at [ADDRESS] now'],
    // An apartment part makes an address without a street word; so does a compass direction
    // before a street word; a letter or a possessive names a street.
    ['to 244 Westgate Suite 991 today', 'to [ADDRESS] today'],
    ['to 380 Gunner Side Apt. 686 today', 'to [ADDRESS] today'],
    ['to 9 Steuber-McLaughlin Meadows today', 'to [ADDRESS] today'],
    ['to 3189 Hope Points today', 'to [ADDRESS] today'],
    ['to 73955 S Broadway today', 'to [ADDRESS] today'],
    ['to 644 A Street Suite 984 today', 'to [ADDRESS] today'],
    ['to 81 St Mary’s Road Suite 647 today', 'to [ADDRESS] today'],
    // German streets without a street word, known by the flat or floor after the number.
    ['to Kursiefen 54 Apt. 827 today', 'to [ADDRESS] today'],
    ['to An St. Remigius 81 Zimmer 581 today', 'to [ADDRESS] today'],
    ['to Rosenthal 711 1 OG today', 'to [ADDRESS] today'],
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
      // Vendors and jargon in Title case are not names; English words before a number are not streets.
      'Apache Kafka, Netflix Hystrix, Grafana Loki, Cassandra Cluster, Aurora Cosmos DB',
      'Load Balancer, Pod Autoscaler, Exponential Backoff, Failover Controller, Liveness Check',
      'Firewall 2 blocks it; Ring 0 only; An Error 404 came back; 3 Route Tables; 2 Place Orders',
      'Iceberg 3 tables; Berg 78 alone; Theme 5; 4 Transit Gateway attachments; 2 Subnet Routes',
      // Given names that are ordinary or tool words, before ordinary words; imperative sentences.
      'Max Pods 110, Grant Permissions first, Chance Failures 3, Hugo Modules, August Release',
      'Restart Kaniko before the upgrade. Configure Kaniko to build. Use Kaniko deployed images',
      'Step 3 #4 failed; Node 18 m. 2; Test Suite 5 passed; Stage 2 Suite ran; 3 Kubernetes Clusters',
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
