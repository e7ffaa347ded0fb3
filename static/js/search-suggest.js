// Search-as-you-type: fills the search box's <datalist> with matching titles.
// Without JavaScript the box is an ordinary search field.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        var ticket = ++latest;
        if (q.length < 2) { list.replaceChildren(); return; }
        fetch("/api/v1/search/suggest?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q))
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            if (ticket !== latest) { return; }  // an older answer arriving late
            list.replaceChildren.apply(list, data.suggestions.map(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              return option;
            }));
          })
          .catch(function () { list.replaceChildren(); });
      }, 150);
    });
  });
})();
