/**
 * The inner Amazon Pay IPN message (the SNS `Message` JSON) into a
 * {@link VerifiedNotification}: a legacy one with its NotificationData XML, or
 * a Checkout v2 one (a pointer to the object that changed).
 */
import { AmazonPayError } from '../../domain/errors';
import type { VerifiedNotification } from '../amazon-clients';
import { CHARGE_ID } from './charge-reply';
import { parseAuthorizationDetails, parseOrderReferenceDetails } from './mws-details-parser';
import { ipnError, parseJsonObject } from './sns-envelope';
import { child, parseXml } from './xml';

/** A legacy (MWS) IPN: NotificationData XML inside. */
export interface LegacyIpnMessage {
  readonly version: 1;
  readonly notificationReferenceId: string;
  readonly notificationType: string;
  readonly sellerId: string | undefined;
  readonly notificationData: string | undefined;
}

/**
 * A Checkout v2 IPN (Amazon's "Set up Instant Payment Notifications" schema:
 * MerchantID, ObjectType, ObjectId, ChargePermissionId, NotificationType,
 * NotificationId, NotificationVersion "V2"). It holds no state, only a pointer.
 */
export interface V2IpnMessage {
  readonly version: 2;
  readonly notificationId: string;
  readonly notificationType: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly chargePermissionId: string | undefined;
  /** MerchantID: checked against the verifier's expectedSellerId like SellerId. */
  readonly sellerId: string | undefined;
}

export type IpnMessage = LegacyIpnMessage | V2IpnMessage;

/** Notification and object ids are echoed into logs and Get calls: short, plain characters only. */
const V2_FIELD = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Amazon documents PascalCase keys; an older page shows lower camel case (merchantID, objectType, ...). Both are read. */
function v2Field(record: Record<string, unknown>, key: string): unknown {
  const camel = key[0]!.toLowerCase() + key.slice(1);
  return record[key] ?? record[camel];
}

function parseV2Message(record: Record<string, unknown>): V2IpnMessage {
  const text = (key: string, required: boolean): string | undefined => {
    const value = v2Field(record, key);
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || !V2_FIELD.test(value)) {
      throw ipnError(
        'MalformedNotification',
        `The Checkout v2 notification's ${key} is ${value === undefined ? 'missing' : 'not a plain id'}.`,
      );
    }
    return value;
  };
  const version = text('NotificationVersion', true);
  if (version !== 'V2') throw ipnError('MalformedNotification', `Unsupported Checkout v2 NotificationVersion ${JSON.stringify(version)}.`);
  return {
    version: 2,
    notificationId: text('NotificationId', true)!,
    notificationType: text('NotificationType', true)!,
    objectType: text('ObjectType', true)!,
    objectId: text('ObjectId', true)!,
    chargePermissionId: text('ChargePermissionId', false),
    sellerId: text('MerchantID', false),
  };
}

export function parseIpnMessage(message: string): IpnMessage {
  const record = parseJsonObject(message, 'Message');
  if (v2Field(record, 'NotificationVersion') !== undefined || v2Field(record, 'ObjectType') !== undefined) return parseV2Message(record);
  const str = (key: string) => (typeof record[key] === 'string' && record[key] !== '' ? (record[key] as string) : undefined);
  const notificationReferenceId = str('NotificationReferenceId');
  const notificationType = str('NotificationType');
  if (!notificationReferenceId || !notificationType) {
    throw ipnError('MalformedNotification', 'The notification Message has no NotificationReferenceId or NotificationType.');
  }
  return { version: 1, notificationReferenceId, notificationType, sellerId: str('SellerId'), notificationData: str('NotificationData') };
}

/** A v2 CHARGE notification becomes `kind: 'charge'` (its ObjectId must be a charge id); other objects are passed on by name. */
function toVerifiedV2Notification(message: V2IpnMessage): VerifiedNotification {
  const { notificationId, notificationType, objectType, objectId, chargePermissionId } = message;
  if (objectType !== 'CHARGE') return { kind: 'other', notificationId, notificationType: `${objectType}:${notificationType}` };
  if (!CHARGE_ID.test(objectId))
    throw ipnError('MalformedNotification', `The CHARGE notification's ObjectId ${JSON.stringify(objectId)} is not a charge id.`);
  if (chargePermissionId !== undefined && !objectId.startsWith(`${chargePermissionId}-`)) {
    throw ipnError('MalformedNotification', `The CHARGE notification's ChargePermissionId ${chargePermissionId} is not its charge's.`);
  }
  return {
    kind: 'charge',
    notificationId,
    chargeId: objectId,
    notificationType,
    ...(chargePermissionId === undefined ? {} : { chargePermissionId }),
  };
}

/** PaymentAuthorize and OrderReferenceNotification are parsed; other types are passed on by name. */
export async function toVerifiedNotification(message: IpnMessage): Promise<VerifiedNotification> {
  if (message.version === 2) return toVerifiedV2Notification(message);
  const notificationId = message.notificationReferenceId;
  const type = message.notificationType.replace(/\s+/g, '');
  if (type !== 'PaymentAuthorize' && type !== 'OrderReferenceNotification') {
    return { kind: 'other', notificationId, notificationType: message.notificationType };
  }
  if (!message.notificationData) throw ipnError('MalformedNotification', `The ${type} notification has no NotificationData.`);
  try {
    const root = await parseXml(message.notificationData);
    if (type === 'PaymentAuthorize') {
      return {
        kind: 'authorization',
        notificationId,
        authorization: parseAuthorizationDetails(child(root.AuthorizationNotification, 'AuthorizationDetails')),
      };
    }
    return {
      kind: 'orderReference',
      notificationId,
      orderReference: parseOrderReferenceDetails(child(root.OrderReferenceNotification, 'OrderReference')),
    };
  } catch (error) {
    if (error instanceof AmazonPayError && error.kind === 'validation') throw error;
    throw ipnError(
      'MalformedNotification',
      `The ${type} NotificationData is not the documented XML: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
}
