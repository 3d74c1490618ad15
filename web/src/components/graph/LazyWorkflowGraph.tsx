import { lazy, Suspense, type ComponentProps } from 'react';
import { Loading } from '../States';

const Graph = lazy(() => import('./WorkflowGraph').then((m) => ({ default: m.WorkflowGraph })));

/** The workflow graph, loaded with its graph library only when a page draws one. */
export function LazyWorkflowGraph(props: ComponentProps<typeof Graph>) {
  return (
    <Suspense fallback={<Loading what="Drawing the workflow" />}>
      <Graph {...props} />
    </Suspense>
  );
}
