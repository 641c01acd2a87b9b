/* Phone intake: customer lookup by phone and the warranty panel. Plain JS, no library. */
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form) { return; }
  var phone = form.querySelector("[name=phone]");
  var serial = form.querySelector("[name=serial_number]");
  var lookupBox = document.getElementById("lookup-results");
  var panel = document.getElementById("warranty-panel");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function debounce(fn, ms) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }
  function setValue(name, value) {
    var field = form.querySelector("[name=" + name + "]");
    if (field && value !== undefined && value !== null && value !== "") { field.value = value; }
  }

  // --- customer lookup ---------------------------------------------------------------
  var lastPhone = "";
  function useCustomer(c) {
    setValue("customer_id", c.id);
    form.querySelector("[name=customer_name]").value = c.name;
    form.querySelector("[name=address]").value = c.address || "";
    setValue("region_class", c.region_class);
  }
  function renderCustomers(data) {
    lookupBox.textContent = "";
    var customers = (data && data.customers) || [];
    if (!customers.length) {
      lookupBox.appendChild(el("p", {"class": "muted"}, lookupBox.dataset.textNone));
      form.querySelector("[name=customer_id]").value = "";
      return;
    }
    customers.forEach(function (c) {
      var box = el("div", {"class": "lookup-customer", "data-customer": c.id});
      var head = el("div", {"class": "lookup-head"});
      head.appendChild(el("strong", {}, c.name));
      head.appendChild(document.createTextNode(" · " + c.phone + " · " + (c.address || "")));
      var use = el("button", {"type": "button", "class": "small"}, lookupBox.dataset.textUse);
      use.addEventListener("click", function () { useCustomer(c); });
      head.appendChild(document.createTextNode(" "));
      head.appendChild(use);
      box.appendChild(head);
      if (c.tickets && c.tickets.length) {
        box.appendChild(el("div", {"class": "muted"}, lookupBox.dataset.textRecent));
        var list = el("ul", {"class": "lookup-tickets"});
        c.tickets.forEach(function (t) {
          var li = el("li");
          li.appendChild(el("a", {"href": t.url, "target": "_blank", "rel": "noopener"}, t.number));
          li.appendChild(document.createTextNode(" " + t.received_at + " · " + t.status + " · " +
            (t.product_model || "") + " " + (t.serial_number || "") + " · " + t.fault));
          list.appendChild(li);
        });
        box.appendChild(list);
      }
      lookupBox.appendChild(box);
    });
    if (customers.length === 1 && !form.querySelector("[name=customer_name]").value) {
      useCustomer(customers[0]);
    }
  }
  function lookup() {
    var value = phone.value.trim();
    if (value.length < 3 || value === lastPhone) { return; }
    lastPhone = value;
    fetch(lookupBox.dataset.url + "?phone=" + encodeURIComponent(value), {
      credentials: "same-origin", headers: {"Accept": "application/json"}
    }).then(function (r) { return r.ok ? r.json() : {customers: []}; })
      .then(function (data) { if (phone.value.trim() === value) { renderCustomers(data); } })
      .catch(function () { lookupBox.textContent = ""; });
  }
  if (phone && lookupBox) {
    phone.addEventListener("input", debounce(lookup, 300));
    phone.addEventListener("change", lookup);
  }

  // --- warranty panel ----------------------------------------------------------------
  var lastSerial = "";
  function showPanel(nodes, cls) {
    panel.textContent = "";
    panel.className = "warranty-panel " + (cls || "");
    nodes.forEach(function (n) { panel.appendChild(n); });
    panel.hidden = false;
  }
  function renderDecision(data) {
    var nodes = [];
    var decision = data.decision || {};
    var covered = decision.covered;
    var head = el("p", {"class": "warranty-head"});
    head.appendChild(el("strong", {}, covered ? panel.dataset.textCovered : panel.dataset.textNotCovered));
    if (decision.service_type) {
      head.appendChild(document.createTextNode(" · " + panel.dataset.textServiceType + ": " + decision.service_type));
      setValue("service_type", decision.service_type);
    }
    nodes.push(head);
    var lines = data.decision_text || decision.reasons || [];
    if (lines.length) {
      var ul = el("ul");
      lines.forEach(function (line) { ul.appendChild(el("li", {}, typeof line === "string" ? line : JSON.stringify(line))); });
      nodes.push(ul);
    }
    if (data.replacement_due) {
      nodes.push(el("p", {"class": "badge bad replacement-due"},
        panel.dataset.textReplacement.replace("%(count)s", String(data.repeat_count || 0))));
    } else if (data.repeat_count) {
      nodes.push(el("p", {"class": "muted repeat-count"},
        panel.dataset.textRepeat.replace("%(count)s", String(data.repeat_count))));
    }
    if (data.components && data.components.length) {
      var table = el("table", {"class": "warranty-components"});
      data.components.forEach(function (c) {
        var row = el("tr");
        row.appendChild(el("td", {}, c.name || c.code));
        row.appendChild(el("td", {}, panel.dataset.textUntil + " " + c.end));
        row.appendChild(el("td", {}, c.covered ? panel.dataset.textCovered : panel.dataset.textNotCovered));
        table.appendChild(row);
      });
      nodes.push(table);
    }
    if (data.contract) {
      nodes.push(el("p", {"class": "warranty-contract"}, panel.dataset.textContract + ": " + data.contract));
    }
    if (data.past_repairs && data.past_repairs.length) {
      nodes.push(el("p", {"class": "muted"}, panel.dataset.textPast + " (" + data.past_repairs.length + ")"));
      var list = el("ul", {"class": "past-repairs"});
      data.past_repairs.slice(0, 5).forEach(function (t) {
        list.appendChild(el("li", {}, t.number + " · " + (t.received_at || "").slice(0, 10) + " · " + (t.fault_description || "")));
      });
      nodes.push(list);
    }
    var unit = data.unit || {};
    var model = unit.model || unit.product_model || unit.model_code;
    var modelField = form.querySelector("[name=product_model]");
    if (model && modelField && !modelField.value) { modelField.value = typeof model === "string" ? model : (model.code || model.name || ""); }
    showPanel(nodes, covered ? "covered" : "not-covered");
  }
  function checkWarranty() {
    var value = serial.value.trim();
    if (value === lastSerial) { return; }
    lastSerial = value;
    if (!value) { panel.hidden = true; return; }
    showPanel([el("p", {"class": "muted"}, panel.dataset.textChecking)]);
    fetch(panel.dataset.url + "?serial=" + encodeURIComponent(value), {
      credentials: "same-origin", headers: {"Accept": "application/json"}
    }).then(function (r) {
      if (serial.value.trim() !== value) { return; }
      if (r.status === 404) { showPanel([el("p", {}, panel.dataset.textUnregistered)], "unregistered"); return; }
      if (!r.ok) { showPanel([el("p", {}, panel.dataset.textUnavailable)], "unregistered"); return; }
      return r.json().then(function (data) {
        if (!data || data.found === false) { showPanel([el("p", {}, panel.dataset.textUnregistered)], "unregistered"); return; }
        renderDecision(data);
      });
    }).catch(function () {
      showPanel([el("p", {}, panel.dataset.textUnavailable)], "unregistered");
    });
  }
  if (serial && panel) {
    serial.addEventListener("change", checkWarranty);
    serial.addEventListener("blur", checkWarranty);
  }
})();
