"""Demo newsletters: the demo teacher subscribed to the weekly digest, and a draft thematic newsletter.

Nothing is marked as sent: the archive fills when ``manage.py send_digests`` runs (see the README).
Idempotent: looked up by address and title before creating.
"""

DEMO_SUBSCRIBER = "teacher@scientix.example"
DEMO_NEWSLETTER = "Space month: astronomy in the classroom"


def newsletters_demo_load() -> int:
    from scientix.accounts.models import User
    from scientix.newsletters import services
    from scientix.newsletters.models import Newsletter, Subscription

    created = 0
    if not Subscription.objects.filter(email__iexact=DEMO_SUBSCRIBER).exists():
        user = User.objects.filter(email__iexact=DEMO_SUBSCRIBER).first()
        if user is not None:
            services.subscription_for_user_save(user=user, languages=["en", "de"], topics=["physics", "astronomy"],
                                                frequency="weekly", thematic=True, interface_language="en")
            created += 1
    if not Newsletter.objects.filter(title=DEMO_NEWSLETTER).exists():
        Newsletter.objects.create(
            title=DEMO_NEWSLETTER, language="en", topics=["astronomy"],
            intro="Four resources and a webinar to bring the night sky into your lessons.",
            body="<h2>Why now</h2><p>The long winter nights are the best time to observe the sky with pupils.</p>"
                 "<ul><li>Plan an evening observation with your class.</li>"
                 "<li>Use the simulations in the resources repository when the sky is cloudy.</li></ul>",
        )
        created += 1
    return created
