import { DeliveryChannel, SignatureType, SignerAction } from './process-status';
import {
  checkContact,
  defaultDelivery,
  deliveryAddress,
  isEmail,
  normalizePhone,
  otherChannel,
  phoneForArqsign,
  reportedAddress,
  whatsAppAllowed,
} from './signer-contact';

const { EMAIL, WHATSAPP } = DeliveryChannel;
const { ELECTRONIC, ICP_BRASIL: DIGITAL } = SignatureType;
const { SIGN, COPY } = SignerAction;

describe('signer contact rules', () => {
  it.each([
    ['+55 (11) 99999-0000', '5511999990000'],
    [' 5511999990000 ', '5511999990000'],
    ['+1.202.555.0100', '12025550100'],
    ['123456789', undefined], // 9 digits
    ['+5511999990000123', undefined], // 16 digits
    ['+55 11 9999x0000', undefined],
    ['', undefined],
  ])('normalizePhone(%j) = %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('sends a phone normalised, or as given when it cannot be normalised', () => {
    expect(phoneForArqsign('+55 11 99999-0000')).toBe('5511999990000');
    expect(phoneForArqsign('12')).toBe('12');
    expect(phoneForArqsign(null)).toBeNull();
  });

  it('checks e-mails as ArqSIGN does (≤ 150 characters)', () => {
    expect(isEmail('ana@example.com')).toBe(true);
    expect(isEmail('ana@example')).toBe(false);
    expect(isEmail('an a@example.com')).toBe(false);
    expect(isEmail(`${'a'.repeat(140)}@example.com`)).toBe(false);
  });

  it('delivers by e-mail when there is one or no phone either, else by WhatsApp', () => {
    expect(defaultDelivery('ana@example.com', '+5511999990000')).toBe(EMAIL);
    expect(defaultDelivery(null, null)).toBe(EMAIL);
    expect(defaultDelivery(null, '+5511999990000')).toBe(WHATSAPP);
  });

  it('compares the address of the channel, normalised, with the one ArqSIGN reports', () => {
    expect(deliveryAddress({ delivery: EMAIL, email: ' Ana@Example.COM ', phone: '+5511999990000' })).toBe('ana@example.com');
    expect(deliveryAddress({ delivery: WHATSAPP, email: 'ana@example.com', phone: '+55 11 99999-0000' })).toBe('5511999990000');
    expect(deliveryAddress({ delivery: EMAIL, email: null, phone: '+5511999990000' })).toBeUndefined();
    expect(reportedAddress('ANA@example.com ')).toBe('ana@example.com');
    expect(reportedAddress('+55 11 99999-0000')).toBe('5511999990000');
    expect(reportedAddress(null)).toBeUndefined();
  });

  it('the other channel: WhatsApp needs a phone and an electronic signature, e-mail an address', () => {
    const signer = (delivery: DeliveryChannel, email: string | null, phone: string | null, signatureType: SignatureType = ELECTRONIC) => ({ delivery, email, phone, options: { signatureType } });
    expect(otherChannel(signer(EMAIL, 'a@b.co', '+5511999990000'))).toBe(WHATSAPP);
    expect(otherChannel(signer(EMAIL, 'a@b.co', '+5511999990000', DIGITAL))).toBeNull();
    expect(otherChannel(signer(EMAIL, 'a@b.co', null))).toBeNull();
    expect(otherChannel(signer(WHATSAPP, 'a@b.co', '+5511999990000'))).toBe(EMAIL);
    expect(otherChannel(signer(WHATSAPP, null, '+5511999990000'))).toBeNull();
  });

  it('WhatsApp carries electronic signatures and copies only', () => {
    expect(whatsAppAllowed(SIGN, ELECTRONIC)).toBe(true);
    expect(whatsAppAllowed(SIGN, DIGITAL)).toBe(false);
    expect(whatsAppAllowed(COPY, DIGITAL)).toBe(true);
  });

  describe('checkContact', () => {
    const contact = { email: 'ana@example.com', phone: '+5511999990000', delivery: EMAIL, action: SIGN, signatureType: ELECTRONIC } as const;

    it('accepts a complete contact', () => {
      expect(checkContact(contact, 'signers.0', true)).toEqual([]);
    });

    it('names every broken rule by field, in order', () => {
      expect(checkContact({ ...contact, email: 'nope', phone: '12' }, 'signers.1', true)).toEqual([
        { field: 'signers.1.email', message: 'must be a valid e-mail address' },
        { field: 'signers.1.phone', message: 'must have 10-15 digits with the country code, e.g. +5511999990000' },
      ]);
      expect(checkContact({ ...contact, email: null }, 'signers.0', true)).toEqual([{ field: 'signers.0.delivery', message: 'EMAIL delivery needs an email' }]);
      expect(checkContact({ ...contact, delivery: WHATSAPP, phone: null }, 'signers.0', true)).toEqual([{ field: 'signers.0.delivery', message: 'WHATSAPP delivery needs a phone' }]);
    });

    it('refuses WhatsApp for a non-electronic signature; mentions COPY recipients only where they are possible', () => {
      const digital = { ...contact, delivery: WHATSAPP, signatureType: DIGITAL };
      expect(checkContact(digital, 'signers.0', true)).toEqual([{ field: 'signers.0.delivery', message: 'WHATSAPP delivery is only possible for ELECTRONIC signatures or COPY recipients' }]);
      expect(checkContact(digital, 'signers.0', false)).toEqual([{ field: 'signers.0.delivery', message: 'WHATSAPP delivery is only possible for ELECTRONIC signatures' }]);
      expect(checkContact({ ...digital, action: COPY }, 'signers.0', true)).toEqual([]);
    });
  });
});
