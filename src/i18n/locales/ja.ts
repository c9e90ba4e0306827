import type { Messages } from './en';

/** Japanese texts of the kit's components, typed against the English ids: `<AmazonPayProvider locale="ja-JP" messages={messages}>`. */
export const messages: Messages = {
  'wallet.scriptFailed':
    'Amazon Payのウォレットを読み込めませんでした。接続を確認するか、コンテンツブロッカーでAmazon Payを許可してから、もう一度お試しください。',
  'wallet.unavailable': '現在、Amazon Payのウォレットを表示できません。別のお支払い方法を選択してください。',
  'wallet.retry': '再試行',
  'decline.authorizing': 'お支払いを処理しています…',
  'decline.approved': 'ありがとうございます。お支払いが承認されました。',
  'decline.walletTitle': 'お支払い方法が承認されませんでした。',
  'decline.walletBody':
    'Amazon Pay ウォレットから別のお支払い方法を選択するか、承認されなかったお支払い方法を更新してから、ご注文を確定してください。',
  'decline.selectFirst': '続行するにはお支払い方法を選択してください。',
  'decline.placeOrder': '注文を確定する',
  'decline.confirming': 'お支払い方法を確認しています…',
  'decline.retryScheduled': 'お支払いをまだ処理できませんでした。{seconds} 秒後に自動的に再試行します。',
  'decline.pending': 'ご注文を受け付け、処理中です。再度送信しないでください。',
  'decline.pendingFinal': 'ご注文を受け付けましたが、通常より時間がかかっています。再度送信しないでください。メールでご連絡します。',
  'decline.contactBuyer': 'Amazon Pay でお支払いを処理できませんでした。Amazon Pay アカウントでお支払い方法を更新してください。',
  'decline.exhausted':
    '複数回試みましたが、Amazon Pay でお支払いを処理できませんでした。別のお支払い方法を選択するか、しばらくしてから再度お試しください。',
  'decline.timedOut':
    'Amazon Pay でお支払いを時間内に確認できませんでした。別のお支払い方法を選択してください。ご注文についてはメールでご連絡します。',
  'decline.awaitingUpdate': '更新が完了すると、ご注文は自動的に確定されます。',
  'decline.accountLink': 'Amazon Pay アカウントを開く',
  'decline.declined': 'Amazon Pay でのお支払いを完了できませんでした。別のお支払い方法を選択してください。',
  'decline.placeOrderLater': 'お支払いの処理中に問題が発生しました。数分後にもう一度ご注文ください。',
  'decline.canceled': 'Amazon Pay でのお支払いはキャンセルされました。別のお支払い方法を選択してください。',
  'decline.error': '決済サービスに接続できませんでした。ご注文は保持されています。もう一度お試しください。',
  'decline.refused':
    'Amazon Pay でこのリクエストを処理できませんでした。ご注文は保持されています。もう一度お試しいただくか、別のお支払い方法を選択してください。',
  'decline.retry': '再試行',
  'decline.payAnotherWay': '別の方法で支払う',
  'popup.reason': 'お支払いで問題が発生しました。',
  'popup.title': '代わりにAmazon Payをご利用になりますか？',
  'popup.description': 'Amazonアカウントに登録済みの住所とお支払い方法で、そのままお支払いいただけます。',
  'popup.callToAction': '下のAmazon Payボタンから、ご注文を完了してください。',
  'popup.close': '閉じる',
  'button.scriptFailed':
    'Amazon Payボタンを読み込めませんでした。接続を確認するか、コンテンツブロッカーでAmazon Payを許可してから、もう一度お試しください。',
  'button.unavailable': '現在Amazon Payはご利用いただけません。別のお支払い方法をお選びください。',
  'button.retry': '再試行',
  'button.checkoutFailed': 'Amazon Payを開始できませんでした。もう一度お試しいただくか、別のお支払い方法をお選びください。',
};
/** Same catalogue under its language name: `import { ja } from 'react-amazon-pay-recovery/locales/ja'`. */
export const ja = messages;
export default messages;
