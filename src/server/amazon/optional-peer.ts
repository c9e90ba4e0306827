import { AmazonPayError } from '../../domain/errors';

/**
 * Loads a server-only optional peer dependency on first use, so the package
 * keeps no runtime dependencies and a merchant installs only what the clients
 * they use need. A missing package becomes a clear `validation` error.
 */
export function optionalPeer<T>(packageName: string, load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((cause: unknown) => {
      loaded = undefined;
      throw new AmazonPayError(
        'validation',
        `This Amazon client needs the optional peer dependency "${packageName}": npm install ${packageName}`,
        {
          code: 'MissingPeerDependency',
          cause,
          retryable: false,
        },
      );
    });
    return loaded;
  };
}
