//! A form: labelled fields, one focused, typed text or a choice among options, and a
//! message next to each field whose value is not accepted.

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldInput {
    /// Free text; `masked` shows bullets (passphrases); `multiline` keeps line breaks (an
    /// address, a list), typed with Alt+Entrée or pasted.
    Text {
        value: String,
        masked: bool,
        multiline: bool,
    },
    /// One of fixed options (labels), changed with ← →.
    Choice {
        options: Vec<String>,
        selected: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub input: FieldInput,
    pub required: bool,
    /// A French sentence saying what is wrong with the value, shown under the field.
    pub error: Option<String>,
    /// A short hint shown dimmed after an empty value (« AAAA-MM-JJ ou JJ/MM/AAAA »).
    pub hint: Option<String>,
}

impl Field {
    pub fn text(label: impl Into<String>, value: impl Into<String>) -> Field {
        Field {
            label: label.into(),
            input: FieldInput::Text {
                value: value.into(),
                masked: false,
                multiline: false,
            },
            required: false,
            error: None,
            hint: None,
        }
    }

    pub fn masked(label: impl Into<String>) -> Field {
        Field {
            input: FieldInput::Text {
                value: String::new(),
                masked: true,
                multiline: false,
            },
            ..Field::text(label, "")
        }
    }

    /// Text on several lines (`value`'s lines separated by `\n`).
    pub fn lines(label: impl Into<String>, value: impl Into<String>) -> Field {
        Field {
            input: FieldInput::Text {
                value: value.into(),
                masked: false,
                multiline: true,
            },
            ..Field::text(label, "")
        }
    }

    pub fn is_multiline(&self) -> bool {
        matches!(
            self.input,
            FieldInput::Text {
                multiline: true,
                ..
            }
        )
    }

    pub fn choice(label: impl Into<String>, options: Vec<String>, selected: usize) -> Field {
        Field {
            input: FieldInput::Choice {
                selected: selected.min(options.len().saturating_sub(1)),
                options,
            },
            ..Field::text(label, "")
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    /// The typed text (or the chosen option's label).
    pub fn value(&self) -> &str {
        match &self.input {
            FieldInput::Text { value, .. } => value,
            FieldInput::Choice { options, selected } => {
                options.get(*selected).map_or("", String::as_str)
            }
        }
    }

    pub fn selected(&self) -> usize {
        match &self.input {
            FieldInput::Choice { selected, .. } => *selected,
            FieldInput::Text { .. } => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Whether anything was typed or changed since the form opened.
    pub dirty: bool,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        Form {
            fields,
            focus: 0,
            dirty: false,
        }
    }

    pub fn next(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    pub fn prev(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn input(&mut self, c: char) {
        if let Some(f) = self.focused()
            && let FieldInput::Text { value, .. } = &mut f.input
        {
            value.push(c);
            f.error = None;
            self.dirty = true;
        }
    }

    /// A line break in the focused field, if it takes several lines (Alt+Entrée).
    pub fn newline(&mut self) {
        if let Some(f) = self.focused()
            && let FieldInput::Text {
                value,
                multiline: true,
                ..
            } = &mut f.input
        {
            value.push('\n');
            f.error = None;
            self.dirty = true;
        }
    }

    /// Pasted text goes into the focused text field: its lines kept in a field on several
    /// lines, joined by spaces in the others.
    pub fn paste(&mut self, s: &str) {
        let multiline = self.focused().is_some_and(|f| f.is_multiline());
        let text = s.replace("\r\n", "\n").replace('\r', "\n");
        let clean: String = text
            .trim_end_matches('\n')
            .chars()
            .map(|c| if c == '\n' && !multiline { ' ' } else { c })
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        for c in clean.chars() {
            if c == '\n' {
                self.newline();
            } else {
                self.input(c);
            }
        }
    }

    /// Empties the focused text field.
    pub fn clear(&mut self) {
        if let Some(f) = self.focused()
            && let FieldInput::Text { value, .. } = &mut f.input
            && !value.is_empty()
        {
            value.clear();
            f.error = None;
            self.dirty = true;
        }
    }

    pub fn backspace(&mut self) {
        if let Some(f) = self.focused()
            && let FieldInput::Text { value, .. } = &mut f.input
        {
            value.pop();
            f.error = None;
            self.dirty = true;
        }
    }

    /// ← / → on a choice.
    pub fn cycle(&mut self, forward: bool) {
        if let Some(f) = self.focused()
            && let FieldInput::Choice { options, selected } = &mut f.input
            && !options.is_empty()
        {
            let n = options.len();
            *selected = if forward {
                (*selected + 1) % n
            } else {
                (*selected + n - 1) % n
            };
            f.error = None;
            self.dirty = true;
        }
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", Field::value)
    }

    pub fn selected(&self, i: usize) -> usize {
        self.fields.get(i).map_or(0, Field::selected)
    }

    /// Puts a message next to field `i` (and the focus on the first field in error).
    pub fn set_error(&mut self, i: usize, msg: impl Into<String>) {
        if let Some(f) = self.fields.get_mut(i) {
            f.error = Some(msg.into());
        }
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// The trimmed value of a field, or None when empty.
    pub fn optional(&self, i: usize) -> Option<String> {
        let v = self.value(i).trim();
        (!v.is_empty()).then(|| v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_moving_and_choices() {
        let mut f = Form::new(vec![
            Field::text("Nom", ""),
            Field::choice("Canal", vec!["a".into(), "b".into()], 0),
        ]);
        f.input('D');
        f.input('u');
        f.backspace();
        assert_eq!(f.value(0), "D");
        assert!(f.dirty);
        f.next();
        f.input('x');
        f.cycle(true);
        assert_eq!(f.value(1), "b");
        f.cycle(true);
        assert_eq!(f.selected(1), 0);
        f.prev();
        f.paste("upont\n");
        assert_eq!(f.value(0), "Dupont");
        // A one-line field joins pasted lines; Alt+Entrée does nothing there.
        f.paste(" 12 rue X\r\nBât. B");
        assert_eq!(f.value(0), "Dupont 12 rue X Bât. B");
        f.newline();
        assert!(!f.value(0).contains('\n'));
    }

    #[test]
    fn a_field_on_several_lines_keeps_typed_and_pasted_lines() {
        let mut f = Form::new(vec![Field::lines("Adresse", "")]);
        f.paste("Tribunal judiciaire\r\n1 rue du Palais\n");
        f.newline();
        "69003 Lyon".chars().for_each(|c| f.input(c));
        assert_eq!(
            f.value(0),
            "Tribunal judiciaire\n1 rue du Palais\n69003 Lyon"
        );
        f.backspace();
        assert!(f.value(0).ends_with("Lyo"));
    }

    #[test]
    fn errors_move_the_focus_and_clear_on_typing() {
        let mut f = Form::new(vec![Field::text("A", ""), Field::text("B", "")]);
        f.next();
        f.set_error(0, "Ce champ est obligatoire.");
        assert_eq!(f.focus, 0);
        assert!(f.has_errors());
        f.input('x');
        assert!(!f.has_errors());
    }
}
