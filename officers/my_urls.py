app_name = "my"

urlpatterns: list = []
