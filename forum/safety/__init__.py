"""Safety rules that shape what is posted: crisis language and watched words."""
