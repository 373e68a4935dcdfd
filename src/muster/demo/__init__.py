"""The demo: the MSS / GSF public record, the demo users, and `muster init`, which sets up an installation and loads
them. Above every app (it drives them all through their own services); no app imports it."""
