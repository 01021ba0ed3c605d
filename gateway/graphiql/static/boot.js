// Starts GraphiQL on the page's #graphiql element: queries go to the endpoint
// the page was served from, and the example operations open as tabs. It is a
// file of its own, not inline script, so the page's CSP can forbid inline code.
(function () {
  "use strict";

  var root = document.getElementById("graphiql");

  function fail(error) {
    root.textContent = "GraphiQL could not start: " + error.message;
  }

  function start(examples) {
    // GraphiQL's dialogs add a <style> element stamped with this nonce, the
    // one the page's CSP allows (see gateway/graphiql/page.py).
    window.__webpack_nonce__ = root.dataset.styleNonce;
    var fetcher = GraphiQL.createFetcher({ url: root.dataset.endpoint });
    var tabs = examples.map(function (example) {
      return { query: example.query, variables: example.variables };
    });
    var props = {
      fetcher: fetcher,
      defaultTabs: tabs,
      defaultEditorToolsVisibility: "variables",
    };
    // GraphiQL 3 fills the variables editor of the first tab from its
    // `variables` prop, not from defaultTabs; pass it only on a first visit,
    // since with stored tabs it would open an extra tab instead.
    if (!hasStoredTabs()) {
      props.variables = tabs[0].variables;
    }
    ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
  }

  function hasStoredTabs() {
    try {
      return window.localStorage.getItem("graphiql:tabState") !== null;
    } catch (error) {
      return false; // storage blocked: GraphiQL keeps nothing either
    }
  }

  fetch(root.dataset.examples, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("examples answered " + response.status);
      }
      return response.json();
    })
    .then(start)
    .catch(fail);
})();
