package dev.bramble.examples;

import static dev.bramble.client.Client.range;

import dev.bramble.client.AsyncResult;
import dev.bramble.client.Client;
import dev.bramble.client.DirectView;
import dev.bramble.client.LoadBalancedView;
import java.util.List;
import java.util.Map;

/** The ipyparallel article's session, line for line, in Java. */
public final class ArticleSession {

    private ArticleSession() {
    }

    public static void main(String[] args) throws Exception {
        try (Client c = Connect.from(args)) {
            List<Integer> ids = c.ids();                                                  // c.ids
            System.out.println("ids: " + ids);
            List<String> hi = c.all().applySync(() -> "Hello World");                    // c[:].apply_sync(lambda: "Hello World")
            System.out.println(hi);
            DirectView v = c.slice(0, 2);                                                 // v = c[0:2]
            List<Integer> ans = v.applySync(() -> 42);                                    // v.apply_sync(lambda: 42)
            System.out.println(ans);
            List<Integer> twice = v.mapSync(x -> x * 2, range(10));                       // v.map_sync(lambda x: x*2, range(10))
            System.out.println(twice);
            DirectView v2 = c.slice(2);                                                   // v2 = c[2:]
            v2.push(Map.of("a", "foo", "b", "bar"));                                      // v2.push(dict1)
            List<String> a = v2.get("a");                                                 // v2['a']
            System.out.println(a);
            c.all().scatter("part", List.of(1, 2, 3, 4, 5, 6, 7, 8));                     // scatter
            List<Integer> whole = c.all().gather("part");                                 // gather
            System.out.println(whole);
            LoadBalancedView lb = c.loadBalanced();
            AsyncResult<List<Double>> r = lb.mapAsync(x -> Math.sqrt(x), range(100_000)); // map_async
            r.waitInteractive();                                                          // wait_interactive()
            List<Double> roots = r.get();
            System.out.printf("sqrt(99999) = %.4f, over %d tasks%n", roots.get(99_999), r.metadata().size());
        }
    }
}
