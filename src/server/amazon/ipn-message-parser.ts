/**
 * The inner Amazon Pay IPN message (the SNS `Message` JSON) and its
 * NotificationData XML into a {@link VerifiedNotification}.
 */
import { AmazonPayError } from '../../domain/errors';
import type { VerifiedNotification } from '../amazon-clients';
import { parseAuthorizationDetails, parseOrderReferenceDetails } from './mws-details-parser';
import { ipnError, parseJsonObject } from './sns-envelope';
import { child, parseXml } from './xml';

export interface IpnMessage {
  readonly notificationReferenceId: string;
  readonly notificationType: string;
  readonly sellerId: string | undefined;
  readonly notificationData: string | undefined;
}

export function parseIpnMessage(message: string): IpnMessage {
  const record = parseJsonObject(message, 'Message');
  const str = (key: string) => (typeof record[key] === 'string' && record[key] !== '' ? (record[key] as string) : undefined);
  const notificationReferenceId = str('NotificationReferenceId');
  const notificationType = str('NotificationType');
  if (!notificationReferenceId || !notificationType) {
    throw ipnError('MalformedNotification', 'The notification Message has no NotificationReferenceId or NotificationType.');
  }
  return { notificationReferenceId, notificationType, sellerId: str('SellerId'), notificationData: str('NotificationData') };
}

/** PaymentAuthorize and OrderReferenceNotification are parsed; other types are passed on by name. */
export async function toVerifiedNotification(message: IpnMessage): Promise<VerifiedNotification> {
  const notificationId = message.notificationReferenceId;
  const type = message.notificationType.replace(/\s+/g, '');
  if (type !== 'PaymentAuthorize' && type !== 'OrderReferenceNotification') {
    return { kind: 'other', notificationId, notificationType: message.notificationType };
  }
  if (!message.notificationData) throw ipnError('MalformedNotification', `The ${type} notification has no NotificationData.`);
  try {
    const root = await parseXml(message.notificationData);
    if (type === 'PaymentAuthorize') {
      return { kind: 'authorization', notificationId, authorization: parseAuthorizationDetails(child(root.AuthorizationNotification, 'AuthorizationDetails')) };
    }
    return { kind: 'orderReference', notificationId, orderReference: parseOrderReferenceDetails(child(root.OrderReferenceNotification, 'OrderReference')) };
  } catch (error) {
    if (error instanceof AmazonPayError && error.kind === 'validation') throw error;
    throw ipnError('MalformedNotification', `The ${type} NotificationData is not the documented XML: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}
