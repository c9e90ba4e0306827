/**
 * The SNS topics Amazon Pay publishes a seller's legacy IPNs from, and the
 * rules for `allowedTopicArns`. SNS signs every AWS account's messages with
 * the same certificate, so the topic is what tells Amazon's notification from
 * one published to an attacker's own topic.
 */
import { isMerchantId } from '../../domain/regions';
import type { Region } from '../../domain/types';
import { ipnError } from './sns-envelope';

/** An entry of `allowedTopicArns`: an exact topic ARN, or an anchored pattern (`^…$`). */
export type TopicArnRule = string | RegExp;

/** The AWS account that owns Amazon Pay's IPN topics in every fixture of Amazon's SDKs. */
const AMAZON_PAY_SNS_ACCOUNT = '291180941288';

/**
 * SNS region per Amazon Pay region, as seen in Amazon's SDK fixtures
 * (Java/PHP/Python: us-east-1 for US; C# and others: eu-west-1 for EU/UK;
 * a JP sandbox fixture: us-west-2). Not a documented contract.
 */
const SNS_REGION: Readonly<Record<Region, string>> = {
  us: 'us-east-1',
  eu: 'eu-west-1',
  de: 'eu-west-1',
  uk: 'eu-west-1',
  jp: 'us-west-2',
};

export interface AmazonPayTopicOptions {
  /** Your Amazon Pay merchant (seller) id, e.g. `A2K7NDRCTOTPW9`. */
  readonly sellerId: string;
  /** Your Amazon Pay region (the one your MWS client uses). */
  readonly region: Region;
}

/**
 * The topic ARNs Amazon Pay sends this seller's legacy IPNs from, for
 * `createIpnVerifier({ allowedTopicArns })`. Amazon does not document them;
 * every fixture in Amazon's SDKs reads
 * `arn:aws:sns:<sns-region>:291180941288:<MarketplaceId><SellerId>`, so this
 * returns one anchored pattern: Amazon Pay's AWS account, your region's SNS
 * region, any marketplace id, then your seller id. If your notifications
 * come from another topic (a refused one is reported to `onError` as
 * `ForbiddenTopic` with its ARN), pass that exact ARN instead or as well.
 */
export function amazonPayTopicArns(options: AmazonPayTopicOptions): readonly TopicArnRule[] {
  if (!isMerchantId(options?.sellerId)) {
    throw ipnError(
      'InvalidConfiguration',
      `amazonPayTopicArns: sellerId ${JSON.stringify(options?.sellerId)} is not an Amazon Pay merchant id (8-20 capital letters and digits); copy it from Seller Central, Integration Central.`,
    );
  }
  const snsRegion = SNS_REGION[options.region];
  if (!snsRegion)
    throw ipnError('InvalidConfiguration', `amazonPayTopicArns: region must be one of ${Object.keys(SNS_REGION).join(', ')}.`);
  return [new RegExp(`^arn:aws:sns:${snsRegion}:${AMAZON_PAY_SNS_ACCOUNT}:[A-Z0-9]{8,20}${options.sellerId}$`)];
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** Checks `allowedTopicArns` at construction: a non-empty list of ARNs or anchored, stateless patterns. */
export function topicMatcher(rules: readonly TopicArnRule[] | undefined): (topicArn: string) => boolean {
  if (!Array.isArray(rules) || rules.length === 0) {
    throw ipnError(
      'InvalidConfiguration',
      'createIpnVerifier needs allowedTopicArns: the SNS topics your notifications come from (amazonPayTopicArns({ sellerId, region }) builds them). Without it, anyone can publish a correctly signed notification from a topic of their own.',
    );
  }
  for (const rule of rules) {
    const ok =
      rule instanceof RegExp
        ? rule.source.startsWith('^') && rule.source.endsWith('$') && !rule.global && !rule.sticky
        : typeof rule === 'string' && TOPIC_ARN.test(rule);
    if (!ok)
      throw ipnError(
        'InvalidConfiguration',
        `allowedTopicArns: ${String(rule)} is neither a topic ARN nor an anchored pattern (^…$, without the g or y flag).`,
      );
  }
  return (topicArn) => rules.some((rule) => (typeof rule === 'string' ? rule === topicArn : rule.test(topicArn)));
}
