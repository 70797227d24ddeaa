import { describe, expect, it } from 'vitest';
import { suggestIds } from './suggest-ids.js';

const ids = ['Pod/shop/web-1', 'Pod/shop/web-2', 'Service/shop/web', 'Deployment/shop/web', 'Pod/other/api-1', 'Node/_cluster/worker-1'];

describe('suggestIds', () => {
  it('prefers a case-insensitive match, then the same name elsewhere, then small edits', () => {
    expect(suggestIds('pod/shop/web-1', ids)).toEqual(['Pod/shop/web-1', 'Pod/shop/web-2']);
    expect(suggestIds('Service/other/web', ids)).toEqual(['Deployment/shop/web', 'Service/shop/web']);
    expect(suggestIds('Node/_cluster/worker-2', ids)).toEqual(['Node/_cluster/worker-1']);
  });

  it('returns nothing for unrelated ids and respects the limit', () => {
    expect(suggestIds('ConfigMap/kube-system/coredns', ids)).toEqual([]);
    expect(suggestIds('Pod/shop/web-3', ids, 1)).toEqual(['Pod/shop/web-1']);
  });
});
