/**
 * Min-cost max-flow by successive shortest paths (Bellman-Ford queue). Costs may be negative on
 * source-side edges: the graphs here are bipartite DAGs, so the residual graph never holds a
 * negative cycle. Sized for a school's roster (hundreds of teachers), not for millions of edges.
 */
export class MinCostFlow {
  private to: number[] = [];
  private cap: number[] = [];
  private cost: number[] = [];
  private head: number[];
  private nxt: number[] = [];
  constructor(private readonly n: number) {
    this.head = new Array(n).fill(-1);
  }
  /** Returns the edge index, to read its flow back with flowOn. */
  addEdge(u: number, v: number, cap: number, cost: number): number {
    const e = this.to.length;
    this.to.push(v, u);
    this.cap.push(cap, 0);
    this.cost.push(cost, -cost);
    this.nxt.push(this.head[u], this.head[v]);
    this.head[u] = e;
    this.head[v] = e + 1;
    return e;
  }
  flowOn(e: number): number {
    return this.cap[e + 1];
  }
  run(s: number, t: number): { flow: number; cost: number } {
    let flow = 0;
    let total = 0;
    const dist = new Array<number>(this.n);
    const inQ = new Array<boolean>(this.n);
    const prevE = new Array<number>(this.n);
    for (;;) {
      dist.fill(Infinity);
      inQ.fill(false);
      prevE.fill(-1);
      dist[s] = 0;
      const q = [s];
      inQ[s] = true;
      for (let qi = 0; qi < q.length; qi++) {
        const u = q[qi];
        inQ[u] = false;
        for (let e = this.head[u]; e !== -1; e = this.nxt[e]) {
          if (this.cap[e] <= 0) continue;
          const v = this.to[e];
          const nd = dist[u] + this.cost[e];
          if (nd < dist[v]) {
            dist[v] = nd;
            prevE[v] = e;
            if (!inQ[v]) {
              inQ[v] = true;
              q.push(v);
            }
          }
        }
      }
      if (dist[t] === Infinity) return { flow, cost: total };
      let push = Infinity;
      for (let v = t; v !== s; v = this.to[prevE[v] ^ 1]) push = Math.min(push, this.cap[prevE[v]]);
      for (let v = t; v !== s; v = this.to[prevE[v] ^ 1]) {
        this.cap[prevE[v]] -= push;
        this.cap[prevE[v] ^ 1] += push;
      }
      flow += push;
      total += push * dist[t];
    }
  }
}
