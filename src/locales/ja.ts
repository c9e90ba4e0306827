import type { LocaleMessages } from '../core/i18n';

/** Japanese texts of the kit's components: `<AmazonPayProvider locale="ja-JP" messages={messages}>`. */
export const messages: LocaleMessages = {
  'wallet.scriptFailed': 'Amazon Payのウォレットを読み込めませんでした。接続を確認するか、コンテンツブロッカーでAmazon Payを許可してから、もう一度お試しください。',
  'wallet.unavailable': '現在、Amazon Payのウォレットを表示できません。別のお支払い方法を選択してください。',
  'wallet.retry': '再試行',
};
export default messages;
