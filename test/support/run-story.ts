// Composed stories (Storybook's portable stories) in jsdom: each runs in a canvas of its own; a file
// unmounts it after each test with `afterEach(unmountLastStory)` (files share a worker and its modules,
// so a hook registered when this module loads would belong to the first file only).

interface RunnableStory {
  run(context: { canvasElement: HTMLElement; abortSignal?: AbortSignal }): Promise<void>;
}

let last: { story: RunnableStory; canvasElement: HTMLElement } | undefined;

/** Mounts `story` in a new element of document.body and plays it. */
export async function runStory(story: RunnableStory): Promise<void> {
  const canvasElement = document.createElement('div');
  document.body.append(canvasElement);
  last = { story, canvasElement };
  await story.run({ canvasElement });
}

/**
 * Storybook unmounts a composed story (and undoes its beforeEach) only when the next story runs, so
 * a file's last story stayed mounted after the file: its provider's one-second styles check then
 * fired once the jsdom environment was gone ('navigator is not defined', an uncaught error that
 * failed the run). A run whose signal is already aborted does those cleanups and mounts nothing.
 */
export async function unmountLastStory(): Promise<void> {
  if (!last) return;
  const { story, canvasElement } = last;
  last = undefined;
  await story.run({ canvasElement: document.createElement('div'), abortSignal: AbortSignal.abort() });
  canvasElement.remove();
}
