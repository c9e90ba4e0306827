/** Stories import the kit's optional CSS files; Vite bundles them. */
declare module '*.css';
