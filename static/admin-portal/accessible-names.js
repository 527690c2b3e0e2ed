'use strict';
// Select2, which draws the admin's search-as-you-type boxes, labels its combobox by the chosen value
// alone: an empty box has no name, and a multiple-choice box's search field has none at all. Each is
// named after the <select> it stands for (its <label>, or its own aria-label), the chosen value
// becoming the combobox's description. Boxes appear after the page loads (Select2 starts on jQuery's
// ready, inline rows are added later), so every change to the page is looked at.
{
    function nameOf(select) {
        const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
        if (label && label.textContent.trim()) {
            return label.textContent.trim().replace(/:$/, '');
        }
        return select.getAttribute('aria-label') || '';
    }

    function nameBox(box) {
        const select = box.previousElementSibling;
        const name = select && select.tagName === 'SELECT' ? nameOf(select) : '';
        if (!name) {
            return;
        }
        box.querySelectorAll('[role="combobox"]').forEach((combobox) => {
            const chosen = combobox.getAttribute('aria-labelledby');
            if (chosen) {
                combobox.setAttribute('aria-describedby', chosen);
                combobox.removeAttribute('aria-labelledby');
            }
            combobox.setAttribute('aria-label', name);
        });
        // The chosen value's box calls itself a read-only text field, one more nameless input.
        box.querySelectorAll('.select2-selection__rendered[role="textbox"]').forEach((rendered) => {
            rendered.removeAttribute('role');
            rendered.removeAttribute('aria-readonly');
        });
        box.querySelectorAll('.select2-search__field').forEach((field) => field.setAttribute('aria-label', name));
    }

    function nameAll() {
        document.querySelectorAll('span.select2').forEach(nameBox);
    }

    nameAll();
    new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
}
